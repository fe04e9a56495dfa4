from . import (
    relance_call_log,
    relance_communication_postpone,
    relance_communication_reject,
    relance_customer_wizard_mixin,
    relance_run_preview,
    relance_run_preview_line,
)
