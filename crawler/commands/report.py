"""``linkaudit report``: build the workbook again from a report's record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.commands.errors import UsageError
from crawler.commands.reportfiles import read_run, record_inputs, report_path

__all__ = ["ReportOutcome", "render_report", "report_lang"]


@dataclass(frozen=True)
class ReportOutcome:
    workbook: Path | None
    """The workbook written; ``None`` when ``--format`` did not ask for one."""
    kept: Path | None = None
    """The workbook at the output, left as it was: changed after linkaudit wrote it."""
    exports: tuple[Path, ...] = ()
    """The CSV and JSON files written (``--format csv,json``)."""


def report_lang(record: Path) -> str | None:
    """The language of the run whose ``record`` (or workbook) this is; ``None`` if it has none."""
    from reports import sidecars

    run = read_run(sidecars(_source(record)).run)
    return run.lang if run else None


def _source(record: Path) -> Path:
    return record if record.suffix.lower() == ".xlsx" else record.with_name(
        record.name.removesuffix(".jsonl") + ".xlsx")


def render_report(record: Path, *, output: str | None,
                  formats: Sequence[str] = ("xlsx",), lang: str | None = None) -> ReportOutcome:
    """Write the workbook of ``record`` (``REPORT.jsonl``, or a report's .xlsx) to ``output``.

    By default the workbook goes beside the record, e.g. after Excel held it open
    while a crawl ended. A workbook there that the creator changed after
    linkaudit wrote it is kept, and the new one goes beside it (``REPORT (2).xlsx``).
    ``formats`` may add CSV and JSON files named from the workbook's stem; those
    are simply replaced. ``lang`` is the workbook's language (default: the run's).
    """
    from reports import ReportError
    from reports.build import build_report
    from reports.exports import write_exports
    from reports.written import workbook_target

    source = _source(record)
    if not record.is_file() and record.suffix.lower() != ".xlsx":
        raise UsageError(f"{record}: no such record; pass the .jsonl written beside a report")
    workbook = report_path(output, source, record=False,
                           inputs=[("record", record), *record_inputs("rendered", source)[1:]])
    target = workbook_target(workbook) if "xlsx" in formats else None
    exports: list[Path] = []
    try:
        if target is not None:
            # The ticks of the workbook being replaced (or kept) go on.
            build_report(target, source=source, lang=lang,
                         ticks_from=dict.fromkeys((workbook, target)))
        exports = write_exports(workbook, formats, source=source)
    except ReportError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or target}: {exc.strerror}; choose "
                         "another file with -o") from None
    return ReportOutcome(target, workbook if target not in (None, workbook) else None,
                         tuple(exports))
