# Letters and penalties: the printed letter and its QR code, the late-payment interest
# and recovery indemnities the law allows (with the reference rates they are read at),
# and the penalty invoices. Payment plans and collection cases claim these penalties.
from . import (
    account_move,
    ir_actions_report,
    relance_communication,
    relance_rate,
    relance_rate_missing,
    res_partner,
    res_partner_bank,
)
