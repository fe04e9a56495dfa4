from . import relance_penalty_invoice, relance_run_preview, relance_run_preview_line
