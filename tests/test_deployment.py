"""The three ways the image runs agree: the ECS task definitions, the self-hosting compose file
and the image's own default command start the same processes, read-only, with what
production insists on (`make image-check` boots them for real; this only keeps them in step)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PROCESSES = ("web", "worker", "beat", "migrate")
# What production refuses to start without (ghiseu/settings/production.py).
REQUIRED = ("DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME")


def ecs_commands() -> dict[str, list[str]]:
    text = (REPO / "infra" / "terraform" / "ecs.tf").read_text()
    found = re.findall(r"^\s*(\w+)\s*=\s*.*?\bcommand = (\[[^\]]*\])", text, re.MULTILINE)
    return {name: json.loads(command) for name, command in found if name in PROCESSES}


def compose() -> dict:
    return yaml.safe_load((REPO / "deploy" / "compose" / "compose.yaml").read_text())


def test_compose_runs_each_process_with_the_command_of_its_ecs_task():
    services = compose()["services"]
    ecs = ecs_commands()
    assert set(ecs) == set(PROCESSES)
    for process in PROCESSES:
        assert services[process]["command"] == ecs[process], process


def test_the_image_starts_the_web_process_as_ecs_does():
    containerfile = (REPO / "Containerfile").read_text()
    command = re.search(r"^CMD (\[.*?\])$", containerfile, re.MULTILINE | re.DOTALL)
    assert command is not None
    assert json.loads(command.group(1).replace("\\\n", "")) == ecs_commands()["web"]


def test_every_process_runs_read_only_with_what_production_requires():
    services = compose()["services"]
    for process in PROCESSES:
        service = services[process]
        assert service["read_only"] is True and service["tmpfs"] == ["/tmp"], process
        assert service["image"].startswith("${GHISEU_IMAGE"), process
        assert all(service["environment"].get(name) for name in REQUIRED), process
        assert service["environment"]["SMS_PROVIDERS"] and service["environment"]["EMAIL_URL"]
