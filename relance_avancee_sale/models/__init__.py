from . import relance_credit_authorisation, relance_credit_exposure, sale_order
