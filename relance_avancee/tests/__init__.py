from . import test_demo_data, test_security, test_tour
