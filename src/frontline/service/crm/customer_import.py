"""Importing customers from CSV: every row is checked first, then all are inserted in one
transaction, so a file with one bad row writes nothing and says which rows are wrong.

The file is read as a stream of byte chunks and decoded as strict UTF-8 (a byte-order mark is
allowed), so a spreadsheet saved as Latin-1 is refused with the byte position instead of
being imported as mojibake. Columns: ``name`` (required), ``email``/``emails`` and
``phone``/``phones`` (several separated by ``;``; phones in any international spelling),
``external_id``; every other non-empty column becomes a text attribute.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from frontline.domain.crm.errors import CrmInvalidValue
from frontline.domain.crm.identity import normalise_email, normalise_phone
from frontline.domain.org.customers import AttributeValue, Customer
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.ports import CrmUnitOfWork

MAX_ROWS = 100_000
MAX_REPORTED = 100
KNOWN = {"name", "email", "emails", "phone", "phones", "external_id"}
DEFAULT_REGION = "US"


class BadEncoding(InvalidValue):
    """The upload is not UTF-8 text."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet numbering: the header is row 1
    message: str


class CsvRejected(InvalidValue):
    """Some rows are wrong; ``errors`` lists the first ones, ``count`` all of them."""

    def __init__(self, errors: list[RowError], count: int) -> None:
        super().__init__(f"{count} row(s) are invalid; nothing was imported")
        self.errors = errors
        self.count = count


def decoded_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Lines (with their endings) of strict UTF-8 text arriving in chunks of any size."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    offset = 0
    pending = ""
    for chunk in chunks:
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise BadEncoding(
                f"the file is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
                f"{offset + exc.start}); save it as CSV UTF-8 and try again"
            ) from None
        offset += len(chunk)
        pending += text
        lines = pending.splitlines(keepends=True)
        pending = lines.pop() if lines and not lines[-1].endswith(("\n", "\r")) else ""
        yield from lines
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise BadEncoding("the file is not UTF-8 text (it ends inside a character)") from None
    if pending:
        yield pending


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def parse_row(record: dict[str, str | None]) -> Customer:
    """One CSV record as a validated customer (raises InvalidValue with the reason)."""
    emails = _split(record.get("emails")) + _split(record.get("email"))
    phones = _split(record.get("phones")) + _split(record.get("phone"))
    attributes: dict[str, AttributeValue] = {
        key: value.strip()
        for key, value in record.items()
        if key and key not in KNOWN and value and value.strip()
    }
    try:
        return Customer(
            name=record.get("name") or "",
            emails=tuple(normalise_email(e) for e in emails),
            phones=tuple(normalise_phone(p, DEFAULT_REGION) for p in phones),
            external_id=(record.get("external_id") or "").strip() or None,
            attributes=attributes,
        )
    except (InvalidValue, CrmInvalidValue) as exc:
        raise InvalidValue(str(exc)) from exc


def read_customers(chunks: Iterable[bytes]) -> list[Customer]:
    """Every row parsed and checked; raises `CsvRejected` listing the rows at fault."""
    reader = csv.DictReader(decoded_lines(chunks))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise InvalidValue(f"the header row is not valid CSV: {exc}") from None
    if not header or "name" not in [h.strip() for h in header]:
        raise InvalidValue("the first row must be a header with at least a 'name' column")
    reader.fieldnames = [h.strip().lower() for h in header]
    customers: list[Customer] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    count = 0
    row = 1
    try:
        for row, record in enumerate(reader, start=2):
            if row - 1 > MAX_ROWS:
                raise InvalidValue(f"at most {MAX_ROWS} rows per import")
            try:
                if None in record:
                    raise InvalidValue("the row has more fields than the header")
                customer = parse_row(record)
                if customer.external_id is not None:
                    if customer.external_id in seen:
                        raise InvalidValue(
                            f"external_id {customer.external_id!r} is also on row "
                            f"{seen[customer.external_id]}"
                        )
                    seen[customer.external_id] = row
                customers.append(customer)
            except InvalidValue as exc:
                count += 1
                if len(errors) < MAX_REPORTED:
                    errors.append(RowError(row, str(exc)))
    except csv.Error as exc:
        raise InvalidValue(f"row {row + 1} is not valid CSV: {exc}") from None
    if count:
        raise CsvRejected(errors, count)
    return customers


def import_customers(uow: CrmUnitOfWork, actor: Principal, chunks: Iterable[bytes]) -> int:
    """Check every row, then insert all customers in one transaction; returns how many."""
    ensure(actor, Permission.CUSTOMERS_MANAGE)
    customers = read_customers(chunks)
    rows = {c.external_id: n for n, c in enumerate(customers, start=2) if c.external_id}
    with uow:
        taken = uow.customer_bulk.existing_external_ids(rows)
        if taken:
            errors = [
                RowError(rows[e], f"external_id {e!r} belongs to an existing customer")
                for e in sorted(taken, key=rows.__getitem__)
            ]
            raise CsvRejected(errors[:MAX_REPORTED], len(errors))
        uow.customer_bulk.insert_many(customers)
        uow.commit()
    return len(customers)
