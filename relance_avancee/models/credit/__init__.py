# Credit: the customers' exposure and holds at sale, their reliability score, credit
# insurance and the public registers; it follows the daily run through its close.
from . import relance_period_mixin

# isort: split
from . import (
    account_move,
    account_move_line,
    relance_credit_authorisation,
    relance_credit_exposure,
    relance_credit_hold,
    relance_insurance_cover,
    relance_insurance_declaration,
    relance_insurance_policy,
    relance_partner_score,
    relance_payment_plan,
    relance_register_check,
    relance_run,
    res_company,
    res_partner,
)
