# Collection cases: a customer's invoices handed over to an agency, a commissaire de
# justice or a lawyer, with the case file they receive; the run sets their invoices
# aside (relance.run._set_aside_moves) and a payment recovers them
# (account.move._relance_paid).
from . import relance_collection_case_court, relance_collection_case_file

# isort: split
from . import (
    account_move,
    account_payment,
    relance_collection_case,
    relance_communication,
    relance_legal_threshold,
    relance_procedure_cost,
    relance_run,
    relance_worklist,
    res_company,
    res_partner,
)
