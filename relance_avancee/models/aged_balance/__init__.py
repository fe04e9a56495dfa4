# The aged balance: what customers owed on any date, as it was then (the as-of
# reading and its indexes), and each company's late ranges; the customer's statement
# of account, printed or sent from its Collections tab.
from . import (
    account_move_line,
    account_partial_reconcile,
    ir_actions_report,
    res_company,
    res_partner,
)
