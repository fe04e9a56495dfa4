from . import (
    relance_payment_plan_report,
)
