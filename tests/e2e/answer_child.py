"""Child process for the kill test: answers items one by one, reporting each saved answer.

Usage: python answer_child.py DATA_DIR INSPECTION_ID ROUND
Prints "saved ITEM VALUE" only after set_answer has returned (i.e. committed).
"""

import sys
import uuid

from bqinspect.domain.forms import AnswerType
from bqinspect.services import inspections
from bqinspect.store.workspace import open_workspace


def main() -> None:
    data_dir, inspection_id, round_no = sys.argv[1], uuid.UUID(sys.argv[2]), int(sys.argv[3])
    ws = open_workspace(data_dir)
    form = inspections.form_of(ws, inspections.get_inspection(ws, inspection_id))
    items = [i for i in form.items() if i.type is AnswerType.YESNO]
    print("ready", flush=True)
    n = 0
    while True:  # runs until killed
        item = items[n % len(items)]
        value = "pass" if (n + round_no) % 3 else "fail"
        inspections.set_answer(ws, inspection_id, item.id, value)
        print(f"saved {item.id} {value}", flush=True)
        n += 1


if __name__ == "__main__":
    main()
