from . import test_relance_sale_credit, test_tour
