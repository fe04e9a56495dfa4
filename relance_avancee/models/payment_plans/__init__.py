# Payment plans: a customer's invoices spread over instalments, agreed in writing,
# followed daily; the run sets their invoices aside (relance.run._set_aside_moves) and
# a payment completes them (account.move._relance_paid).
from . import (
    account_move,
    relance_communication,
    relance_dashboard_card,
    relance_payment_plan,
    relance_payment_plan_instalment,
    relance_policy,
    relance_run,
    relance_worklist,
    res_partner,
)
