"""The names of the staff who wrote case records, read for all of a case's authors at once.

Only the two name columns are selected: a case page needs no roles and no password hashes,
and one ``IN`` statement keeps the read flat however many entries the case has.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.tables import UserRow
from frontline.service.crm.ports import StaffName


class SqlStaffNameSource:
    def __init__(self, session: Session) -> None:
        self.session = session

    def names(self, user_ids: Collection[int]) -> dict[int, StaffName]:
        if not user_ids:
            return {}
        statement = select(UserRow.id, UserRow.username, UserRow.display_name).where(
            UserRow.id.in_(sorted(set(user_ids)))
        )
        return {
            row.id: StaffName(username=row.username, display_name=row.display_name)
            for row in self.session.execute(statement)
        }
