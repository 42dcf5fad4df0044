"""The supervision ledger (监督日志): its rows, and the ledger as XLSX and PDF."""
