"""Rules of the organisation entities and value objects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontline.domain.channels import Channel
from frontline.domain.org.agents import Agent
from frontline.domain.org.customers import Customer
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.queues import BusinessHours, OpeningWindow, Queue, ServiceLevelTarget
from frontline.domain.org.roles import Role
from frontline.domain.org.skills import Skill
from frontline.domain.org.teams import Team
from frontline.domain.org.users import User, check_password


def user(**overrides: object) -> User:
    values: dict[str, object] = {
        "username": "Ada",
        "display_name": " Ada L. ",
        "roles": frozenset({Role.AGENT}),
        "password_hash": "h",
    }
    values.update(overrides)
    return User(**values)  # type: ignore[arg-type]


def test_usernames_are_case_insensitive_and_names_trimmed() -> None:
    created = user()
    assert created.username == "ada"
    assert created.display_name == "Ada L."


@pytest.mark.parametrize("bad", ["", "-lead", "a b", "x" * 65, "robert'); DROP TABLE users;--"])
def test_bad_usernames_are_refused(bad: str) -> None:
    with pytest.raises(InvalidValue, match="username"):
        user(username=bad)


def test_a_user_needs_a_role_and_inactive_users_hold_no_permission() -> None:
    with pytest.raises(InvalidValue, match="role"):
        user(roles=frozenset())
    assert user(is_active=False).permissions == frozenset()


@pytest.mark.parametrize("bad", ["abc", "x" * 257, "with\x00nul"])
def test_password_rules(bad: str) -> None:
    with pytest.raises(InvalidValue):
        check_password(bad)


def test_control_characters_are_refused_in_text() -> None:
    with pytest.raises(InvalidValue, match="control"):
        Team(name="North\x00")
    with pytest.raises(InvalidValue, match="at most 100"):
        Team(name="n" * 101)


def test_default_capacity_is_one_call_three_chats_five_emails() -> None:
    agent = Agent(user_id=1)
    assert agent.capacity[Channel.VOICE] == 1
    assert agent.capacity[Channel.CHAT] == 3
    assert agent.capacity[Channel.EMAIL] == 5


def test_nobody_takes_two_calls_at_once_and_limits_are_bounded() -> None:
    with pytest.raises(InvalidValue, match="voice"):
        Agent(user_id=1, capacity={Channel.VOICE: 2})
    with pytest.raises(InvalidValue, match="chat"):
        Agent(user_id=1, capacity={Channel.CHAT: 21})


def test_missing_channels_get_zero_capacity() -> None:
    agent = Agent(user_id=1, capacity={Channel.CHAT: 2})
    assert agent.capacity == {Channel.VOICE: 0, Channel.CHAT: 2, Channel.EMAIL: 0, Channel.SMS: 0}
    assert agent.channels == {Channel.CHAT}


@pytest.mark.parametrize("level", [0, 6])
def test_proficiency_is_one_to_five(level: int) -> None:
    with pytest.raises(InvalidValue, match="between 1 and 5"):
        Agent(user_id=1, skills={"billing": level})


def test_an_agent_serves_a_queue_on_a_shared_channel_with_every_required_level() -> None:
    billing = Queue("billing", frozenset({Channel.CHAT}), {"billing": 3, "english": 2})
    assert Agent(user_id=1, skills={"billing": 3, "english": 5}).can_serve(billing)
    assert not Agent(user_id=1, skills={"billing": 2, "english": 5}).can_serve(billing)
    assert not Agent(user_id=1, skills={"billing": 5}).can_serve(billing)
    email_only = Agent(user_id=1, skills={"billing": 5, "english": 5}, capacity={Channel.EMAIL: 5})
    assert not email_only.can_serve(billing)


def test_service_level_target_bounds() -> None:
    assert ServiceLevelTarget() == ServiceLevelTarget(80.0, 20)
    with pytest.raises(InvalidValue):
        ServiceLevelTarget(0, 20)
    with pytest.raises(InvalidValue):
        ServiceLevelTarget(80, 0)


LONDON_9_TO_17 = BusinessHours("Europe/London", (OpeningWindow(0, 540, 1020),))  # Mondays


def test_business_hours_follow_local_time_across_daylight_saving() -> None:
    # 2026-03-23 is a Monday in GMT (UTC+0); 2026-03-30 a Monday in BST (UTC+1).
    assert not LONDON_9_TO_17.is_open(datetime(2026, 3, 23, 8, 30, tzinfo=UTC))
    assert LONDON_9_TO_17.is_open(datetime(2026, 3, 30, 8, 30, tzinfo=UTC))  # 09:30 BST
    assert not LONDON_9_TO_17.is_open(datetime(2026, 3, 30, 16, 0, tzinfo=UTC))  # 17:00 BST
    assert not LONDON_9_TO_17.is_open(datetime(2026, 3, 31, 10, 0, tzinfo=UTC))  # Tuesday


@pytest.mark.parametrize("zone", ["Europe", "Mars/Olympus", "../etc/passwd", "Europe/London "])
def test_unknown_time_zones_are_refused(zone: str) -> None:
    with pytest.raises(InvalidValue, match="time zone"):
        BusinessHours(zone, ())


def test_opening_windows_must_be_ordered_and_not_overlap() -> None:
    with pytest.raises(InvalidValue):
        OpeningWindow(0, 600, 600)
    with pytest.raises(InvalidValue, match="overlap"):
        BusinessHours("UTC", (OpeningWindow(0, 0, 600), OpeningWindow(0, 599, 700)))


def test_queues_need_a_channel_and_a_slug_name() -> None:
    assert Queue("Tech-Support", frozenset({Channel.CHAT})).name == "tech-support"
    with pytest.raises(InvalidValue, match="channel"):
        Queue("empty", frozenset())
    with pytest.raises(InvalidValue, match="queue name"):
        Queue("has space", frozenset({Channel.CHAT}))
    assert Queue("always", frozenset({Channel.SMS})).is_open(datetime(2026, 1, 1, tzinfo=UTC))


def test_customers_hold_e164_phones_and_deduplicated_emails() -> None:
    customer = Customer(
        "Grace", emails=("G@Example.org", "g@example.org"), phones=("+14155550123",)
    )
    assert customer.emails == ("g@example.org",)
    with pytest.raises(InvalidValue, match=r"E\.164"):
        Customer("Grace", phones=("415-555-0123",))
    with pytest.raises(InvalidValue, match="email"):
        Customer("Grace", emails=("not-an-address",))


def test_customer_attributes_are_bounded_scalars() -> None:
    with pytest.raises(InvalidValue, match="not a number"):
        Customer("Grace", attributes={"score": float("nan")})
    with pytest.raises(InvalidValue, match="at most 50"):
        Customer("Grace", attributes={f"k{n}": n for n in range(51)})


def test_skill_names_are_slugs() -> None:
    assert Skill("Billing").name == "billing"
    with pytest.raises(InvalidValue):
        Skill("bill ing")
