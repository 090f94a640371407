"""Dict and JSON forms of iopcore values, for storage and exchange.

:func:`to_dict` turns a value into plain types (``str``, ``int``, ``float``, ``bool``,
``None``, ``list``, ``dict``) with a ``schema_version`` key; :func:`from_dict` checks
and rebuilds it. :func:`to_json` and :func:`from_json` do the same through JSON text.

Encodings:

* dates: ISO 8601 (``"2024-02-29"``);
* datetimes: ISO 8601 with the UTC offset, followed by the IANA zone name in brackets
  when there is one (``"2024-03-10T09:00:00-04:00[America/New_York]"``, as in
  RFC 9557), so the time zone survives the round trip;
* times of day (no zone): ISO 8601 (``"09:30:00"``);
* durations: ISO 8601 seconds (``"PT5400S"``);
* time zones: the IANA name;
* enums: their value (``"IOP"``, ``"depression"``);
* sets: sorted lists, and mappings: objects with their keys sorted, so the same
  value always gives the same text;
* a date in a field that may also hold text (the values of tidy records):
  ``{"date": "2026-03-02"}``, so that it is not read back as a string;
* named tuples, and :class:`~iopcore.intensity.WeeklyCompliance`
  (``participant_id``, ``requirement``, ``weeks``): objects keyed by field.

Every public value type round-trips: ``from_json(to_json(x), type(x)) == x``, and
the keys come in a stable order, ``schema_version`` first, then the fields in the
order the class declares them.

Bad input raises iopcore errors whose ``field`` is a path into the data, such as
``$.conditions[2]``; several problems come together as one
:class:`~iopcore.exceptions.IopcoreErrorGroup`.

>>> import pendulum
>>> from iopcore import Participant
>>> person = Participant(id="p-1", birth_date=pendulum.date(1990, 5, 17), conditions=["ocd"])
>>> text = to_json(person)
>>> text
'{"schema_version": 1, "id": "p-1", "birth_date": "1990-05-17", "conditions": ["ocd"], "sex": null}'
>>> from_json(text, Participant) == person
True
"""

from __future__ import annotations

from iopcore.serialize._json import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from iopcore.serialize._paths import HERE as HERE

__all__ = ["SCHEMA_VERSION", "from_dict", "from_json", "to_dict", "to_json"]
