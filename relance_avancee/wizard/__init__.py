from . import (
    relance_customer_wizard_mixin,
    relance_penalty_invoice,
    relance_run_preview,
    relance_run_preview_line,
    relance_unverified_rate_confirm,
)
