from . import (
    relance_penalty_invoice,
    relance_unverified_rate_confirm,
)
