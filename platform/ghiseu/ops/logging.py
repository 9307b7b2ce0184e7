"""Log record enrichment (tenant, request id) and personal-data masking."""

from __future__ import annotations

import json
import logging
import re

from .context import current_request_id, current_tenant

# A CNP is 13 digits starting with 1-9; mask anything that looks like one.
CNP_PATTERN = re.compile(r"(?<!\d)[1-9]\d{12}(?!\d)")


def mask_personal_data(text: str) -> str:
    return CNP_PATTERN.sub("[CNP]", text)


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.tenant = current_tenant.get()
        record.request_id = current_request_id.get()
        return True


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "tenant": getattr(record, "tenant", "-"),
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exception"] = mask_personal_data(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)
