from . import relance_run_preview, relance_run_preview_line
