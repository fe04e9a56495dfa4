from . import (
    relance_call_log,
    relance_collection_case_export,
    relance_collection_case_recover,
    relance_collection_case_withdraw,
    relance_collection_case_write_off,
    relance_communication_postpone,
    relance_communication_reject,
    relance_customer_wizard_mixin,
    relance_payment_plan_accept,
    relance_payment_plan_cancel,
    relance_payment_plan_wizard,
    relance_penalty_invoice,
    relance_run_preview,
    relance_run_preview_line,
    relance_unverified_rate_confirm,
)

# isort: split
# The capabilities, each in its folder.
from . import aged_balance
