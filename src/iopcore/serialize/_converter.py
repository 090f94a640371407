"""The converter: the cattrs converter of iopcore values and its hooks.

:func:`json_converter` builds it once, on first use: the scalar hooks of
:mod:`iopcore.serialize._scalars`, and here the hooks of collections (sets as sorted
lists, tuples from lists only), of polymorphic bases told apart by a ``kind`` tag,
of mappings (keys sorted), of fields left out while they hold their default, of
named tuples and of types that give their dict form through a ``Form``.
"""

from __future__ import annotations

import enum
import functools
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import cattrs
import pendulum
from cattrs.cols import (
    is_mapping,
    is_namedtuple,
    list_structure_factory,
    mapping_unstructure_factory,
    namedtuple_dict_structure_factory,
    namedtuple_dict_unstructure_factory,
)
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_unstructure_fn, override

from iopcore._validation import to_timezone
from iopcore.exceptions import InvalidTypeError, InvalidValueError, UnknownCodeError
from iopcore.serialize._paths import HERE
from iopcore.serialize._scalars import (
    datetime_to_text,
    duration_to_text,
    is_optional,
    is_scalar_union,
    optional_hook,
    scalar_union_hook,
    structure_bool,
    structure_enum,
    structure_float,
    structure_int,
    structure_str,
    text_to_date,
    text_to_datetime,
    text_to_duration,
    text_to_time,
    unstructure_scalar_union,
)

__all__ = ["is_value_type", "json_converter"]


def _sorted_list(converter: cattrs.Converter, values: frozenset[Any]) -> list[Any]:
    items = [converter.unstructure(item) for item in values]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


def _is_set(cls: object) -> bool:
    """Whether ``cls`` is ``frozenset``/``set``, bare or parametrised."""
    origin: object = typing.get_origin(cls) or cls
    return origin in (frozenset, set)


def _is_collection(cls: object) -> bool:
    """Whether ``cls`` is a set type or a homogeneous ``tuple[X, ...]``."""
    args = typing.get_args(cls)
    homogeneous_tuple = typing.get_origin(cls) is tuple and args[1:] == (Ellipsis,)
    return _is_set(cls) or homogeneous_tuple


def _collection_hook(
    converter: cattrs.Converter, cls: object
) -> Callable[[object, object], object]:
    """Structure ``frozenset[X]`` and ``tuple[X, ...]`` from a JSON array only.

    cattrs would iterate a string character by character; a string where a list is
    meant is a type error here.
    """
    args = typing.get_args(cls)
    list_type: Any = list[args[0] if args else Any]  # type: ignore[misc]
    as_list = list_structure_factory(list_type, converter)
    build: Callable[[list[object]], object] = frozenset if _is_set(cls) else tuple

    def structure(value: object, _: object) -> object:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise InvalidTypeError(HERE, value, allowed="a list")
        return build(as_list(value, list_type))

    return structure


def _is_fixed_tuple(cls: object) -> bool:
    """Whether ``cls`` is a tuple of a fixed length, such as ``tuple[str, str, str]``."""
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and bool(args) and Ellipsis not in args


def _fixed_tuple_hook(
    converter: cattrs.Converter, cls: object
) -> Callable[[object, object], object]:
    """Structure ``tuple[A, B, ...]`` from a JSON array of exactly that many items."""
    args = typing.get_args(cls)
    allowed = f"a list of {len(args)} items"

    def structure(value: object, _: object) -> object:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise InvalidTypeError(HERE, value, allowed=allowed)
        items = list(value)
        if len(items) != len(args):
            raise InvalidValueError(HERE, value, allowed=allowed, reason="has another length")
        found: list[object] = []
        problems: list[Exception] = []
        for index, (item, item_type) in enumerate(zip(items, args, strict=True)):
            try:
                found.append(converter.structure(item, item_type))
            except Exception as error:  # noqa: BLE001 - each is reported with its index
                error.__notes__ = [
                    *getattr(error, "__notes__", []),
                    IterableValidationNote(f"Structuring {cls} @ index {index}", index, item_type),
                ]
                problems.append(error)
        if problems:
            raise IterableValidationError(f"While structuring {cls}", problems, cls)  # type: ignore[arg-type]
        return tuple(found)

    return structure


_KIND_KEY: Final = "kind"


def _is_polymorphic_base(cls: object) -> bool:
    """A base class whose subclasses are told apart by their ``KIND`` tag.

    Such a base (for example :class:`iopcore.rules.Predicate`) has an empty ``KIND``
    and a ``kinds()`` classmethod mapping each subclass's tag to the subclass.
    """
    return isinstance(cls, type) and hasattr(cls, "kinds") and getattr(cls, "KIND", None) == ""


def _unstructure_polymorphic(converter: cattrs.Converter, value: object) -> dict[str, Any]:
    kind = getattr(value, "KIND", "")
    if not kind or not attrs.has(type(value)):
        allowed = "an attrs class with a non-empty KIND tag (see iopcore.rules.Predicate)"
        raise InvalidTypeError(HERE, value, allowed=allowed, reason="cannot be stored")
    fields: dict[str, Any] = converter.unstructure(value, unstructure_as=type(value))
    return {_KIND_KEY: kind, **fields}


def _polymorphic_hook(
    converter: cattrs.Converter, base: object
) -> Callable[[object, object], object]:
    def structure(value: object, _: object) -> object:
        kinds: Mapping[str, type] = getattr(base, "kinds")()  # noqa: B009 - any such base
        allowed = ", ".join(sorted(kinds))
        if not isinstance(value, Mapping):
            raise InvalidTypeError(HERE, value, allowed=f"a mapping with a '{_KIND_KEY}' key")
        body = dict(value)
        kind = body.pop(_KIND_KEY, None)
        if not isinstance(kind, str) or kind not in kinds:
            raise UnknownCodeError(f"$.{_KIND_KEY}", kind, allowed=allowed)
        return converter.structure(body, kinds[kind])

    return structure


def _sorted_mapping_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any], dict[Any, Any]]:  # noqa: ANN401 - any mapping type
    """Unstructure a mapping with its keys in sorted order, so equal values give equal text."""
    unstructure = mapping_unstructure_factory(cls, converter, unstructure_to=dict)

    def sorted_items(value: Mapping[Any, Any]) -> dict[Any, Any]:
        items = unstructure(value).items()
        return dict(sorted(items, key=lambda item: json.dumps(item[0], sort_keys=True)))

    return sorted_items


def _omits_defaults(cls: object) -> bool:
    """An attrs class with a field marked ``omit_if_default`` in its metadata."""
    return (
        isinstance(cls, type)
        and attrs.has(cls)
        and any(field.metadata.get("omit_if_default") for field in attrs.fields(cls))
    )


def _omitting_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any], dict[str, Any]]:  # noqa: ANN401 - any attrs class
    """Unstructure ``cls`` leaving out the marked fields while they hold their default."""
    marked = {
        field.name: override(omit_if_default=True)
        for field in attrs.fields(cls)
        if field.metadata.get("omit_if_default")
    }
    make: Any = make_dict_unstructure_fn  # its per-field **overrides defeat the stubs
    hook: Callable[[Any], dict[str, Any]] = make(cls, converter, **marked)
    return hook


def _has_form(cls: object) -> bool:
    """An iopcore value that is not an attrs class but says its dict form.

    Such a type (:class:`~iopcore.intensity.WeeklyCompliance`, a tuple of weeks with
    two attributes) has an attrs class ``Form`` whose fields are the dict's keys (so
    cattrs checks the data and names the path of every problem), a ``to_form()``
    method and a ``from_form(form)`` class method.
    """
    if not isinstance(cls, type) or not cls.__module__.startswith("iopcore."):
        return False
    form = getattr(cls, "Form", None)
    return (
        isinstance(form, type)
        and attrs.has(form)
        and hasattr(cls, "to_form")
        and hasattr(cls, "from_form")
    )


def _is_named_tuple(cls: object) -> bool:
    """A named tuple of iopcore's own, such as :class:`iopcore.levels.CrosswalkRow`."""
    return isinstance(cls, type) and cls.__module__.startswith("iopcore.") and is_namedtuple(cls)


def is_value_type(cls: object) -> bool:
    """An iopcore value type that :func:`to_dict` and :func:`from_dict` take."""
    if not isinstance(cls, type) or not cls.__module__.startswith("iopcore."):
        return False
    return attrs.has(cls) or _is_named_tuple(cls) or _has_form(cls)


@functools.cache
def json_converter() -> cattrs.Converter:
    """Build the converter once, on first use (not at import)."""
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        # The dict form is JSON's: every tuple is written as a list, as the docs promise.
        unstruct_collection_overrides={tuple: list},
    )
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(float, structure_float)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_unstructure_hook(pendulum.DateTime, datetime_to_text)
    converter.register_structure_hook(pendulum.DateTime, text_to_datetime)
    converter.register_unstructure_hook(pendulum.Date, lambda value: value.isoformat())
    converter.register_structure_hook(pendulum.Date, text_to_date)
    converter.register_unstructure_hook(pendulum.Time, lambda value: value.isoformat())
    converter.register_structure_hook(pendulum.Time, text_to_time)
    converter.register_unstructure_hook(pendulum.Duration, duration_to_text)
    converter.register_structure_hook(pendulum.Duration, text_to_duration)
    converter.register_unstructure_hook(pendulum.Timezone, lambda value: value.name)
    converter.register_structure_hook(
        pendulum.Timezone, lambda value, _: to_timezone(value, field=HERE)
    )
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum),
        lambda member: member.value,
    )
    converter.register_structure_hook_func(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), structure_enum
    )
    converter.register_structure_hook_factory(is_scalar_union, scalar_union_hook)
    converter.register_structure_hook_factory(
        is_optional, functools.partial(optional_hook, converter)
    )
    converter.register_unstructure_hook_func(is_scalar_union, unstructure_scalar_union)
    converter.register_unstructure_hook_func(_is_set, functools.partial(_sorted_list, converter))
    converter.register_structure_hook_factory(
        _is_collection, functools.partial(_collection_hook, converter)
    )
    converter.register_structure_hook_factory(
        _is_fixed_tuple, functools.partial(_fixed_tuple_hook, converter)
    )
    converter.register_unstructure_hook_func(
        _is_polymorphic_base, functools.partial(_unstructure_polymorphic, converter)
    )
    converter.register_structure_hook_factory(
        _is_polymorphic_base, functools.partial(_polymorphic_hook, converter)
    )
    converter.register_unstructure_hook_factory(
        _omits_defaults, functools.partial(_omitting_hook, converter)
    )
    converter.register_unstructure_hook_factory(
        is_mapping, functools.partial(_sorted_mapping_hook, converter)
    )
    # Named tuples as objects keyed by field name, like attrs classes (not as arrays).
    converter.register_unstructure_hook_factory(
        _is_named_tuple,
        lambda cls: namedtuple_dict_unstructure_factory(cls, converter),
    )
    converter.register_structure_hook_factory(
        _is_named_tuple,
        lambda cls: namedtuple_dict_structure_factory(cls, converter, "from_converter", True),  # noqa: FBT003 - the factory's positional-only forbid_extra_keys
    )
    # Last, so that they come before the collection hooks (a form type is a tuple).
    converter.register_unstructure_hook_factory(
        _has_form, functools.partial(_unstructure_as_form, converter)
    )
    converter.register_structure_hook_factory(
        _has_form, functools.partial(_structure_from_form, converter)
    )
    return converter


def _unstructure_as_form(converter: cattrs.Converter, cls: Any) -> Callable[[Any], object]:  # noqa: ANN401 - a type with a Form (see _has_form)
    form = cls.Form

    def unstructure(value: Any) -> object:  # noqa: ANN401 - an instance of cls
        return converter.unstructure(value.to_form(), unstructure_as=form)

    return unstructure


def _structure_from_form(
    converter: cattrs.Converter,
    cls: Any,  # noqa: ANN401 - a type with a Form (see _has_form)
) -> Callable[[object, object], object]:
    form = cls.Form

    def structure(value: object, _: object) -> object:
        return cls.from_form(converter.structure(value, form))

    return structure
