"""The fictional network of the demo (seed_demo): deterministic people, drawn from the
network's real shares of perimeters, regions and organisations (same seed, same people)."""

import json
import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from community.models import Role, UserStatus
from community.taxonomy import SUGGESTED_SKILLS, FragilityDomain, Region
from config.typography import typeset
from demo import people as data

SEED = 2026
DOMAIN = "demo.catalyse.localhost"
GENERATED_MEMBERS = 347  # + admin, moderator and plain member = 350 approved members
PERIMETER_SHARES = {"local": 0.62, "regional": 0.08}  # the rest are national networks
ORG_SHARE = 0.40  # members attached to the network's real organisations
MIN_PER_REGION = 2
BASE_DATE = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
PASSWORDS = {
    "admin": "catalyse-admin-2026",
    "moderator": "catalyse-anim-2026",
    "member": "catalyse-membre-2026",
    "demo": "catalyse-demo-2026",
}
ALL_SKILLS = list(dict.fromkeys(SUGGESTED_SKILLS + data.EXTRA_SKILLS))
ALL_DOMAINS = [choice.value for choice in FragilityDomain]
ORGANISATIONS_FILE = Path(__file__).resolve().parent / "organisations.json"


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    user: dict = field(default_factory=dict)  # extra User fields
    profile: dict = field(default_factory=dict)  # plain Profile fields
    metiers: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    account: str = "demo"  # which entry of PASSWORDS applies


def ascii_slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def apportion(total: int, weights: dict[str, float], minimum: int = 0) -> dict[str, int]:
    """Split ``total`` along ``weights`` (largest remainder), each key getting ``minimum``."""
    counts = dict.fromkeys(weights, minimum)
    rest = total - minimum * len(weights)
    whole = sum(weights.values())
    shares = {key: rest * weight / whole for key, weight in weights.items()}
    for key, share in shares.items():
        counts[key] += math.floor(share)
    left = total - sum(counts.values())
    for key in sorted(shares, key=lambda k: shares[k] - math.floor(shares[k]), reverse=True)[:left]:
        counts[key] += 1
    return counts


def load_organisations() -> list[dict]:
    organisations = json.loads(ORGANISATIONS_FILE.read_text(encoding="utf-8"))["organisations"]
    for org in organisations:
        region, departement = data.ORG_PLACES.get(org["name"], (org["region"] or "", ""))
        org["region"], org["departement"] = region, departement
    return [org for org in organisations if org["perimetre"] == "national" or org["region"]]


class Generator:
    """Deterministic fictional people: same seed, same people, whatever the database holds."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.used_emails = {"admin", "animatrice", "membre"} | {
            applicant["email"] for applicant in data.APPLICANTS
        }

    # --- Where people are -------------------------------------------------------------------
    def slots(self, total: int) -> list[tuple[str, str, dict | None]]:
        """(perimeter, region, real organisation or None) for each generated member."""
        local = round(total * PERIMETER_SHARES["local"])
        regional = round(total * PERIMETER_SHARES["regional"])
        in_regions = apportion(local + regional, data.REGION_WEIGHTS, MIN_PER_REGION)
        regional_by_region = apportion(regional, data.REGION_WEIGHTS)
        cells = {("national", ""): total - local - regional}
        for region, count in in_regions.items():
            cells[("regional", region)] = regional_by_region[region]
            cells[("local", region)] = count - regional_by_region[region]
        free = dict(cells)
        reserve = {cell: math.floor(count * 0.3) for cell, count in cells.items()}
        attached: list[tuple[str, str, dict | None]] = []
        organisations = load_organisations()
        self.rng.shuffle(organisations)
        target = round(total * ORG_SHARE)
        progress = True
        while len(attached) < target and progress:
            progress = False
            for org in organisations:
                cell = (org["perimetre"], org["region"])
                if len(attached) < target and free.get(cell, 0) > reserve.get(cell, 0):
                    free[cell] -= 1
                    attached.append((*cell, org))
                    progress = True
        slots = attached + [(*cell, None) for cell, n in sorted(free.items()) for _ in range(n)]
        self.rng.shuffle(slots)
        return slots

    # --- Who they are -----------------------------------------------------------------------
    def email_for(self, first_name: str, last_name: str) -> str:
        base = f"{ascii_slug(first_name)}.{ascii_slug(last_name)}"
        local, n = base, 1
        while local in self.used_emails:
            n += 1
            local = f"{base}{n}"
        self.used_emails.add(local)
        return f"{local}@{DOMAIN}"

    def pick_some(self, pool: list[str], low: int, high: int) -> list[str]:
        return self.rng.sample(pool, self.rng.randint(min(low, len(pool)), min(high, len(pool))))

    def skills_for(self, metiers: list[str]) -> list[str]:
        count = self.rng.randint(2, 6)
        fitting = list(dict.fromkeys(s for m in metiers for s in data.METIER_SKILLS[m]))
        skills = self.rng.sample(fitting, min(len(fitting), math.ceil(count / 2)))
        for skill in self.rng.sample(ALL_SKILLS, len(ALL_SKILLS)):
            if len(skills) >= count:
                break
            if skill not in skills:
                skills.append(skill)
        return skills

    def organisation_name(self, kind: str, perimeter: str, region: str, town: str) -> str:
        pattern = self.rng.choice(data.ORG_PATTERNS[(kind, perimeter)])
        label = Region(region).label if region else ""
        name = pattern.format(town=town, word=self.rng.choice(data.ORG_WORDS), region=label)
        return typeset(name, language="fr", places=True)  # "Mairie d'Orléans", "du Havre"

    def texts(self, female: bool) -> dict:
        rng = self.rng
        forms = {suffix: suffix if female else "" for suffix in ("e", "ne", "fe")}
        bio = " ".join(
            part for part in (
                rng.choice(data.BIO_OPENINGS).format(year=rng.randint(2008, 2024), **forms),
                *rng.sample(data.BIO_MIDDLES, rng.randint(1, 2)),
                rng.choice(data.BIO_CLOSINGS).format(**forms),
            ) if part
        )
        bio = typeset(bio, language="fr")
        helps = rng.sample(data.CAN_HELP_WITH, rng.randint(1, 3))
        can_help = "Je peux aider à " + (
            helps[0] if len(helps) == 1 else ", à ".join(helps[:-1]) + " et à " + helps[-1]
        ) + "."
        looking = "Je cherche " + " et ".join(rng.sample(data.LOOKING_FOR, rng.randint(1, 2)))
        return {"bio": bio, "can_help_with": can_help, "looking_for": looking + "."}

    def person(self, perimeter: str, region: str, org: dict | None = None) -> Person:
        rng = self.rng
        female = rng.random() < 0.55
        first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
        last = rng.choice(data.LAST_NAMES)
        towns = data.REGION_TOWNS.get(region, [])
        town, departement = ("", "")
        if towns:  # a regional actor sits in the regional seat
            town, departement = towns[0] if perimeter == "regional" else rng.choice(towns)
        if org:
            kind, organisation = org["type"], org["name"]
            departement = org["departement"] or departement
            metiers = self.pick_some(org["metiers"], 1, 3)
            domains = self.pick_some(org["domaines"] or ALL_DOMAINS, 1, 4)
        else:
            kind = rng.choices(list(data.ACTOR_KIND_WEIGHTS), data.ACTOR_KIND_WEIGHTS.values())[0]
            organisation = self.organisation_name(kind, perimeter, region, town)
            metiers = rng.sample(list(data.METIER_SKILLS), rng.choices((1, 2, 3), (4, 4, 2))[0])
            domains = self.pick_some(ALL_DOMAINS, 1, 4)
        phone = ""  # 06 39 98 xx xx: numbers the regulator (ARCEP) reserves for fiction
        if rng.random() < 0.2:
            phone = f"06 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        joined = BASE_DATE + timedelta(days=rng.randint(0, 600), minutes=rng.randint(0, 600))
        return Person(
            first_name=first,
            last_name=last,
            email=self.email_for(first, last),
            user={"date_joined": joined},
            profile={
                "organisation": organisation,
                "job_title": rng.choice(data.JOB_TITLES[kind])[female],
                "actor_kind": kind,
                "perimeter": perimeter,
                "region": region,
                "departement": "" if perimeter == "national" else departement,
                **self.texts(female),
                "show_email": rng.random() < 0.35,
                "phone": phone,
                "show_phone": bool(phone) and rng.random() < 0.5,
                "contact_note": rng.choice(data.CONTACT_NOTES) if rng.random() < 0.25 else "",
                "public_directory_consent": rng.random() < 0.3,
                "onboarded_at": joined + timedelta(minutes=rng.randint(5, 3000)),
            },
            metiers=metiers,
            domains=domains,
            skills=self.skills_for(metiers),
        )

    def special(self, key, first, last, local, slot, role, **profile) -> Person:
        person = self.person(*slot)
        self.used_emails.discard(person.email.split("@")[0])
        person.first_name, person.last_name, person.email = first, last, f"{local}@{DOMAIN}"
        person.account = key
        person.user["role"] = role
        if role == Role.ADMIN:
            person.user.update(is_staff=True, is_superuser=True)
        person.profile.update(profile)
        return person

    def everyone(self) -> list[Person]:
        """All approved members, then the suspended one; applicants are seeded apart."""
        people = [
            self.special("admin", "Julien", "Morel", "admin", ("national", ""), Role.ADMIN,
                         organisation="Réseau des catalyseurs territoriaux",
                         job_title="Administrateur de la plateforme"),
            self.special("moderator", "Claire", "Fontaine", "animatrice", ("national", ""),
                         Role.MODERATOR, organisation="Réseau des catalyseurs territoriaux",
                         job_title="Animatrice du réseau", show_email=True),
            self.special("member", "Inès", "Moreau", "membre", ("local", "bretagne"),
                         Role.MEMBER, organisation="Mairie de Rennes", departement="35",
                         actor_kind="collectivite",
                         job_title="Chargée de mission innovation sociale"),
        ]
        people += [self.person(*slot) for slot in self.slots(GENERATED_MEMBERS)]
        suspended = self.person("local", "occitanie")
        suspended.user.update(status=UserStatus.SUSPENDED, is_active=False)
        return [*people, suspended]
