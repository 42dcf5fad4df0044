"""The package file (docs/package-format.md): writing a signed ZIP; opening a checked one."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import uuid
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ValidationError

from bqinspect import __version__
from bqinspect.base.progress import ProgressFn, check, no_progress
from bqinspect.domain.formio import form_from_json
from bqinspect.domain.messages import Message, Words, declare, joined
from bqinspect.sync.keys import DeviceIdentity, fingerprint, verify_signature
from bqinspect.sync.records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    BranchList,
    Counts,
    FileEntry,
    InspectionRecord,
    Manifest,
    Source,
    StaffList,
)
from bqinspect.sync.safezip import DEFAULT_LIMITS, Limits, PackageError, SafeZip, parse_json

EMPLOYEE_NUMBER_LISTED_TWICE = declare(
    "sync.package.employee_number_listed_twice",
    "an employee number is listed twice",
    "员工编号重复列出",
)
EMPLOYEE_BRANCH = declare(
    "sync.package.employee_branch",
    "employee {employee_no}: branch {branch_code} is not in {branches}",
    "员工 {employee_no}：网点 {branch_code} 不在 {branches} 中",
)

FORM_DEFINITION_CANONICAL_DOES = declare(
    "sync.package.form_definition_canonical_does",
    "form definition is not canonical or does not match its sha256",
    "表单定义不规范或与其 sha256 不符",
)
NO_MANIFEST_JSON_BQINSPECT = declare(
    "sync.package.no_manifest_json_bqinspect",
    "no manifest.json: not a bqinspect package",
    "没有 manifest.json：不是 bqinspect 数据包",
)
BQINSPECT_PACKAGE_UNKNOWN_FORMAT = declare(
    "sync.package.bqinspect_package_unknown_format",
    "not a bqinspect package (unknown 'format')",
    "不是 bqinspect 数据包（未知的 format）",
)
PACKAGE_SIGNED_NO_MANIFEST = declare(
    "sync.package.package_signed_no_manifest",
    "the package is not signed (no manifest.sig)",
    "数据包未签名（没有 manifest.sig）",
)
BAD_SIGNATURE_MANIFEST_WAS = declare(
    "sync.package.bad_signature_manifest_was",
    "bad signature: the manifest was altered, or was not signed by the key it names",
    "签名无效：清单已被篡改，或并非由其指明的密钥签名",
)
LISTED_MANIFEST_BUT_MISSING = declare(
    "sync.package.listed_manifest_but_missing",
    "listed in the manifest but missing from the package",
    "清单中列出但数据包中缺失",
)
LISTED_MANIFEST_ADDED_AFTER = declare(
    "sync.package.listed_manifest_added_after",
    "not listed in the manifest (added after signing?)",
    "未在清单中列出（签名后添加？）",
)
LISTED_MANIFEST = declare(
    "sync.package.listed_manifest",
    "not listed in the manifest",
    "未在清单中列出",
)
ALTERED_AFTER_SIGNING_SHA = declare(
    "sync.package.altered_after_signing_sha",
    "altered after signing (sha256 does not match the manifest)",
    "签名后被修改（sha256 与清单不符）",
)
FILE_NAME_DOES_MATCH = declare(
    "sync.package.file_name_does_match",
    "file name does not match the inspection id inside",
    "文件名与其中的检查编号不符",
)
BRANCH_CODE_LISTED_TWICE = declare(
    "sync.package.branch_code_listed_twice",
    "a branch code is listed twice",
    "网点代码重复列出",
)
MANIFEST_COUNTS_INSPECTIONS_PACKAGE = declare(
    "sync.package.manifest_counts_inspections_package",
    "the manifest counts {inspections} inspections, the package holds {names}",
    "清单记载 {inspections} 份检查，数据包中有 {names} 份",
)
VALID_FORM = declare(
    "sync.package.valid_form",
    "not a valid form: {exc}",
    "不是有效的表单：{exc}",
)
UNEXPECTED_ENTRY_BQINSPECT_PACKAGE = declare(
    "sync.package.unexpected_entry_bqinspect_package",
    "unexpected entry in a bqinspect package",
    "bqinspect 数据包中出现意外条目",
)
BLOB_NAME_SHA_CONTENT = declare(
    "sync.package.blob_name_sha_content",
    "blob name is not the sha256 of its content",
    "照片文件名不是其内容的 sha256",
)
FORM_FILE_NAME_SHA = declare(
    "sync.package.form_file_name_sha",
    "form file name is not the sha256 of its content",
    "表单文件名不是其内容的 sha256",
)
USES_FORM_PACKAGE = declare(
    "sync.package.uses_form_package",
    "uses form {value}…, not in the package",
    "使用的表单 {value}… 不在数据包中",
)
BRANCH = declare(
    "sync.package.branch",
    "branch {branch_code} is not in {branches}",
    "网点 {branch_code} 不在 {branches} 中",
)
KIND_DOES_MATCH_FORM = declare(
    "sync.package.kind_does_match_form",
    "kind {kind} does not match its form",
    "类型 {kind} 与其表单不符",
)
REFERS_MISSING_PHOTO_FILE = declare(
    "sync.package.refers_missing_photo_file",
    "refers to missing photo file {value}",
    "引用了缺失的照片文件 {value}",
)
ID_ALSO_APPEARS_ANOTHER = declare(
    "sync.package.id_also_appears_another",
    "id {value} also appears in another record",
    "编号 {value} 也出现在另一条记录中",
)

FORMAT_MISMATCH = declare(
    "sync.package.format_mismatch",
    "does not match the format: {problems}",
    "不符合数据包格式：{problems}",
)
FORMAT_MISMATCH_MORE = declare(
    "sync.package.format_mismatch_more",
    "does not match the format: {problems} (and {more} more)",
    "不符合数据包格式：{problems}（另有 {more} 处）",
)
AT = declare("sync.package.at", "{loc}: {reason}", "{loc}：{reason}")

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
BRANCHES = "records/branches.json"
STAFF = "records/staff.json"  # format 3
INSPECTIONS_DIR = "records/inspections/"
FORMS_DIR = "forms/"
BLOBS_DIR = "blobs/"
SUFFIX = ".bqpkg"

_LAYOUT = re.compile(
    r"^(records/branches\.json"
    r"|records/feedback\.json"
    r"|records/staff\.json"
    r"|records/inspections/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json"
    r"|forms/[0-9a-f]{64}\.json"
    r"|blobs/[0-9a-f]{64})$"
)


def record_name(inspection_id: uuid.UUID) -> str:
    return f"{INSPECTIONS_DIR}{inspection_id}.json"


# writing --------------------------------------------------------------------------------------
class PackageWriter:
    """Writes entries into a new ZIP, then the manifest listing them and its signature."""

    def __init__(self, path: Path, identity: DeviceIdentity, *, person: str = "", kind: str = ""):
        self.path = path
        self._identity = identity
        self._person = person
        self._kind = kind or "inspections"
        self._zip = zipfile.ZipFile(path, "w", allowZip64=True)
        self._files: dict[str, FileEntry] = {}
        self.package_id = uuid.uuid4()

    def has(self, name: str) -> bool:
        return name in self._files

    def entry_sha256(self, name: str) -> str:
        """The entry's hash as the signed manifest lists it."""
        return self._files[name].sha256

    def add_bytes(self, name: str, data: bytes, *, compress: bool = True) -> None:
        if name in self._files:
            return
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        info.create_system = 3
        self._zip.writestr(info, data, compresslevel=6 if compress else None)
        self._files[name] = FileEntry(
            name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data)
        )

    def add_blob(self, data: bytes) -> str:
        """Store content-addressed bytes under blobs/; returns their sha256."""
        digest = hashlib.sha256(data).hexdigest()
        self.add_bytes(BLOBS_DIR + digest, data, compress=False)
        return digest

    def add_model(self, name: str, model: BaseModel) -> None:
        self.add_bytes(name, model.model_dump_json().encode("utf-8"))

    def finish(self, counts: Counts, created_at: datetime) -> Manifest:
        manifest = Manifest(
            format=FORMAT_NAME,
            format_version=FORMAT_VERSION,
            package_id=self.package_id,
            created_at=created_at,
            app_version=__version__,
            kind=self._kind,  # type: ignore[arg-type]
            source=Source(
                device_id=self._identity.device_id,
                device_name=self._identity.name[:200],
                public_key=self._identity.public_key,
                person=self._person[:200],
            ),
            counts=counts,
            files=sorted(self._files.values(), key=lambda f: f.name),
        )
        data = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=1).encode(
            "utf-8"
        )
        self.add_bytes(MANIFEST, data)
        self.add_bytes(SIGNATURE, self._identity.sign(data), compress=False)
        self._zip.close()
        return manifest

    def abort(self) -> None:
        """Close after a failure; a second error while closing (a full disk) is not news."""
        with contextlib.suppress(OSError):
            self._zip.close()


# reading --------------------------------------------------------------------------------------
def _schema_problem(exc: ValidationError, where: str) -> PackageError:
    """The first three ways a document breaks the format, each where it is and why: our own
    checks' words as messages, the schema library's (types, lengths, patterns) as it gives them."""
    parts: list[Words] = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"])
        cause = (err.get("ctx") or {}).get("error")
        said = cause.args[0] if isinstance(cause, ValueError) and cause.args else None
        why: Words = said if isinstance(said, Message) else err["msg"]
        parts.append(AT(loc=loc, reason=why) if loc else why)
    problems = joined(parts)
    more = exc.error_count() - 3
    reason = FORMAT_MISMATCH(problems=problems)
    if more > 0:
        reason = FORMAT_MISMATCH_MORE(problems=problems, more=more)
    return PackageError(reason, where)


@dataclass
class PackageIndex:
    """What pass one learned about the contents, for locking and merging."""

    inspections: list[str] = field(default_factory=list)  # entry names to merge
    inspection_ids: list[uuid.UUID] = field(default_factory=list)  # every record, skipped too
    branch_codes: set[str] = field(default_factory=set)  # the codes the records read use
    form_shas: set[str] = field(default_factory=set)
    # records whose entry is the one last merged here (sync.digests): hashed, not read
    skipped: dict[str, uuid.UUID] = field(default_factory=dict)  # entry name -> inspection id
    form_kinds: dict[str, str] = field(default_factory=dict)
    blobs: set[str] = field(default_factory=set)
    seen: set[uuid.UUID] = field(default_factory=set)  # the ids of the records read
    # the files in blobs/ the records read need: each photo's by its sha256, signatures'
    photo_files: dict[str, set[str]] = field(default_factory=dict)
    signature_files: set[str] = field(default_factory=set)


# which of the given photos (sha256 of the original) the database stores already
StoredPhotos = Callable[[Collection[str]], set[str]]


class OpenPackage:
    """A package whose signature, manifest, entry hashes and records have all been checked.

    Reads after the checks verify each entry's hash again, so a file changed on disk
    between the checks and the import fails the import instead of slipping through.
    """

    def __init__(
        self, path: Path, limits: Limits = DEFAULT_LIMITS, *, data: BinaryIO | None = None
    ):
        self.path = path
        self.limits = limits
        self.zip = SafeZip(path, limits, data=data)
        try:
            self.manifest_bytes = self._manifest_bytes()
            self.manifest = self._manifest(self.manifest_bytes)
            self._verify_signature()
            self._files = {f.name: f for f in self.manifest.files}
            self._check_listing()
        except BaseException:
            self.zip.close()
            raise
        self.manifest_sha256 = hashlib.sha256(self.manifest_bytes).hexdigest()
        self.index = PackageIndex()
        self._codes: set[str] = set()

    # -- manifest and signature
    def _manifest_bytes(self) -> bytes:
        if MANIFEST not in self.zip.entries:
            raise PackageError(NO_MANIFEST_JSON_BQINSPECT(), self.path.name)
        return self.zip.read(MANIFEST, self.limits.max_json_bytes)

    def _manifest(self, data: bytes) -> Manifest:
        raw = parse_json(data, MANIFEST, self.limits)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT_NAME:
            raise PackageError(BQINSPECT_PACKAGE_UNKNOWN_FORMAT(), MANIFEST)
        version = raw.get("format_version")
        if type(version) is not int or version not in READABLE_VERSIONS:  # True == 1, 1.0 == 1
            newer = isinstance(version, int) and not isinstance(version, bool)
            raise PackageError(
                f"unknown format version {version!r}: this bqinspect reads versions "
                + ", ".join(str(v) for v in READABLE_VERSIONS[:-1])
                + f" and {READABLE_VERSIONS[-1]}"
                + ("; update bqinspect to import it" if newer else ""),
                MANIFEST,
            )
        try:
            return Manifest.model_validate(raw)
        except ValidationError as exc:
            raise _schema_problem(exc, MANIFEST) from exc

    def _verify_signature(self) -> None:
        if SIGNATURE not in self.zip.entries:
            raise PackageError(PACKAGE_SIGNED_NO_MANIFEST(), self.path.name)
        sig = self.zip.read(SIGNATURE, 1024)
        if len(sig) != 64 or not verify_signature(
            self.manifest.source.public_key, sig, self.manifest_bytes
        ):
            raise PackageError(
                BAD_SIGNATURE_MANIFEST_WAS(),
                SIGNATURE,
            )

    def _check_listing(self) -> None:
        present = set(self.zip.entries) - {MANIFEST, SIGNATURE}
        listed = set(self._files)
        for name in sorted(listed - present):
            raise PackageError(LISTED_MANIFEST_BUT_MISSING(), name)
        for name in sorted(present - listed):
            raise PackageError(LISTED_MANIFEST_ADDED_AFTER(), name)
        for name in sorted(listed):
            if not _LAYOUT.match(name):
                raise PackageError(UNEXPECTED_ENTRY_BQINSPECT_PACKAGE(), name)
            if name.startswith(BLOBS_DIR) and name[len(BLOBS_DIR) :] != self._files[name].sha256:
                raise PackageError(BLOB_NAME_SHA_CONTENT(), name)
            if name.startswith(FORMS_DIR) and name[len(FORMS_DIR) : -5] != self._files[name].sha256:
                raise PackageError(FORM_FILE_NAME_SHA(), name)

    @property
    def signer_fingerprint(self) -> str:
        return fingerprint(self.manifest.source.public_key)

    # -- verified reads
    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        entry = self._files.get(name)
        if entry is None:
            raise PackageError(LISTED_MANIFEST(), name)
        data = self.zip.read(name, max_bytes if max_bytes is not None else entry.size)
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise PackageError(ALTERED_AFTER_SIGNING_SHA(), name)
        return data

    def read_json(self, name: str) -> Any:
        return parse_json(self.read(name, self.limits.max_json_bytes), name, self.limits)

    def read_model(self, name: str, model: type[Any]) -> Any:
        raw = self.read_json(name)
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            raise _schema_problem(exc, name) from exc

    def has(self, name: str) -> bool:
        return name in self._files

    def entry_sha256(self, name: str) -> str:
        """The entry's hash as the signed manifest lists it."""
        return self._files[name].sha256

    def branches(self) -> BranchList:
        if BRANCHES not in self._files:
            return BranchList(branches=[])
        result: BranchList = self.read_model(BRANCHES, BranchList)
        return result

    def staff(self) -> StaffList:
        """The staff registers a reference package carries (none before format 3)."""
        if STAFF not in self._files:
            return StaffList(staff=[])
        result: StaffList = self.read_model(STAFF, StaffList)
        return result

    def inspection(self, name: str) -> InspectionRecord:
        record: InspectionRecord = self.read_model(name, InspectionRecord)
        if name != record_name(record.inspection.id):
            raise PackageError(FILE_NAME_DOES_MATCH(), name)
        return record

    def inspections(self) -> Iterator[InspectionRecord]:
        for name in self.index.inspections:
            yield self.inspection(name)

    def form_texts(self) -> Iterator[tuple[str, str]]:
        for name in sorted(n for n in self._files if n.startswith(FORMS_DIR)):
            data = self.read(name, self.limits.max_json_bytes)
            parse_json(data, name, self.limits)  # size, depth, UTF-8, duplicate keys
            yield name[len(FORMS_DIR) : -5], data.decode("utf-8")

    def blob_names(self) -> set[str]:
        return {n[len(BLOBS_DIR) :] for n in self._files if n.startswith(BLOBS_DIR)}

    def blob(self, sha: str) -> bytes:
        return self.read(BLOBS_DIR + sha)

    # -- pass one
    def check_all(
        self,
        progress: ProgressFn = no_progress,
        *,
        merged: Mapping[uuid.UUID, str] | None = None,
        stored_photos: StoredPhotos | None = None,
    ) -> PackageIndex:
        """Hash every entry the import may read and validate every record read, before anything
        touches the database. A record whose entry hash is in ``merged`` (the entry last merged
        into that inspection, which a merge would leave as is) is hashed but not read (see
        :meth:`check_late`). With ``stored_photos``, the files in blobs/ of photos stored here
        already (addressed by their content) and of records not read are not hashed: the merge
        never reads them, and every read hashes its entry again."""
        files = self.manifest.files
        self.check_hashes([f for f in files if not f.name.startswith(BLOBS_DIR)], progress)
        index = self.index
        for sha, text in self.form_texts():
            index.form_kinds[sha] = _check_form(sha, text)
        index.form_shas = set(index.form_kinds)
        branch_rows = self.branches().branches
        codes = {b.code for b in branch_rows}
        if len(codes) != len(branch_rows):
            raise PackageError(BRANCH_CODE_LISTED_TWICE(), BRANCHES)
        from bqinspect.sync.feedback import check_feedback

        check_feedback(self, codes)
        _check_staff(self.staff(), codes)
        index.blobs = self.blob_names()
        names = sorted(n for n in self._files if n.startswith(INSPECTIONS_DIR))
        for number, name in enumerate(names, start=1):
            check(progress)
            iid = uuid.UUID(name[len(INSPECTIONS_DIR) : -len(".json")])
            if merged is not None and merged.get(iid) == self._files[name].sha256:
                index.skipped[name] = iid
                index.inspection_ids.append(iid)
            else:
                self._check_record(name, codes)
            progress(number, len(names), "checking records")
        self._codes = codes
        if self.manifest.counts.inspections != len(names):
            raise PackageError(
                MANIFEST_COUNTS_INSPECTIONS_PACKAGE(
                    inspections=self.manifest.counts.inspections, names=len(names)
                ),
                MANIFEST,
            )
        needed = self._needed_blobs(stored_photos)
        self.check_hashes([f for f in files if f.name in needed], progress)
        return index

    def _needed_blobs(self, stored_photos: StoredPhotos | None) -> set[str]:
        """The entries of blobs/ the merge may read: all without ``stored_photos``, else the
        signatures' images and the image files of the photos not stored yet."""
        if stored_photos is None:
            return {n for n in self._files if n.startswith(BLOBS_DIR)}
        index = self.index
        stored = stored_photos(list(index.photo_files))
        needed = set(index.signature_files)
        for sha, images in index.photo_files.items():
            if sha not in stored:
                needed.update(images)
        return {BLOBS_DIR + n for n in needed}

    def check_hashes(
        self, entries: Sequence[FileEntry], progress: ProgressFn = no_progress
    ) -> None:
        """Hash ``entries`` as streams: each as large as, and with the hash, the manifest lists."""
        total = sum(f.size for f in entries) or 1
        done = 0
        for entry in entries:
            check(progress)
            digest, size = self.zip.digest(entry.name)
            if size != entry.size or digest != entry.sha256:
                raise PackageError(ALTERED_AFTER_SIGNING_SHA(), entry.name)
            done += size
            progress(done, total, "checking")

    def check_late(self, name: str) -> None:
        """Read and check a skipped record after all: the stored one changed since the check."""
        del self.index.skipped[name]
        self.index.inspection_ids.remove(self._check_record(name, self._codes))

    def _check_record(self, name: str, codes: set[str]) -> uuid.UUID:
        index = self.index
        record = self.inspection(name)
        head = record.inspection
        if head.form_sha256 not in index.form_kinds:
            raise PackageError(USES_FORM_PACKAGE(value=head.form_sha256[:12]), name)
        if head.branch_code not in codes:
            raise PackageError(BRANCH(branch_code=head.branch_code, branches=BRANCHES), name)
        if head.kind != index.form_kinds[head.form_sha256]:
            raise PackageError(KIND_DOES_MATCH_FORM(kind=head.kind), name)
        missing = record.blob_files() - index.blobs
        if missing:
            raise PackageError(REFERS_MISSING_PHOTO_FILE(value=sorted(missing)[0]), name)
        child_ids = {head.id} | record.child_ids()
        clash = index.seen & child_ids
        if clash:
            raise PackageError(ID_ALSO_APPEARS_ANOTHER(value=sorted(clash)[0]), name)
        index.seen |= child_ids
        for b in record.blobs:
            index.photo_files.setdefault(b.sha256, set()).update((b.display, b.thumbnail))
        index.signature_files.update(s.image for s in record.signatures)
        index.inspections.append(name)
        index.inspection_ids.append(head.id)
        index.branch_codes.add(head.branch_code)
        return head.id

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> OpenPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_staff(staff: StaffList, codes: set[str]) -> None:
    """Each employee number once, each at a branch the package carries."""
    numbers = [m.employee_no for m in staff.staff]
    if len(set(numbers)) != len(numbers):
        raise PackageError(EMPLOYEE_NUMBER_LISTED_TWICE(), STAFF)
    for m in staff.staff:
        if m.branch_code not in codes:
            raise PackageError(
                EMPLOYEE_BRANCH(
                    employee_no=m.employee_no, branch_code=m.branch_code, branches=BRANCHES
                ),
                STAFF,
            )


def _check_form(sha: str, text: str) -> str:
    """Validate a carried form definition and that ``sha`` is its canonical hash; its kind."""
    where = f"{FORMS_DIR}{sha}.json"
    try:
        form = form_from_json(text)
    except ValidationError as exc:
        raise _schema_problem(exc, where) from exc
    except ValueError as exc:
        raise PackageError(VALID_FORM(exc=exc), where) from exc
    # The text is kept as carried: its sha256 is the form version's identity everywhere.
    # It must be canonical JSON (sorted keys, no spaces) so that the hash is well defined.
    canonical = json.dumps(
        json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    if canonical != text or hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
        raise PackageError(FORM_DEFINITION_CANONICAL_DOES(), where)
    return form.kind.value
