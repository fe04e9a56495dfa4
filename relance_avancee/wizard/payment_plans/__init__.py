from . import (
    relance_payment_plan_accept,
    relance_payment_plan_cancel,
    relance_payment_plan_wizard,
    relance_run_preview,
)
