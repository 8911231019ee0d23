"""Storage: SQLAlchemy 2.x tables, repositories and unit of work; Alembic migrations ship here."""

from frontline.adapters.db import crm_tables as crm_tables  # registers the CRM tables on Base
from frontline.adapters.db import flow_tables as flow_tables  # registers the flow tables
from frontline.adapters.db import wfm_tables as wfm_tables  # registers the WFM tables on Base
