"""What the demo's parts pass to each other."""

from dataclasses import dataclass, field

from ..models import Organisation, Programme, StaffMember, User


@dataclass
class DemoContext:
    organisation: Organisation
    programme: Programme | None
    staff: dict[str, StaffMember]
    users: dict[str, User]
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, who
