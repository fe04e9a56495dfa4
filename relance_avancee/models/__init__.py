from . import relance_demo_data
