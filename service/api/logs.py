"""Structured JSON logs that never carry a child's personal data.

Only whitelisted fields leave: the route *template* (`/api/v1/children/{child_id}`), never the
path or query string (search terms are names and dates of birth), status, timing and the staff
user name. Messages are fixed texts; values go in the whitelisted fields or not at all.
"""

import json
import logging
import sys
from datetime import UTC, datetime

LOGGER = "service"
FIELDS = (
    "event",
    "method",
    "route",
    "status",
    "duration_ms",
    "user",
    "error_code",
    "error_kind",
    "cause_kind",
    "detail",
)
"""The only `extra` fields a log line may carry. `detail` is an engine's message with the query
context it may quote cut off (service.api.errors._detail)."""


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.msg if isinstance(record.msg, str) else type(record.msg).__name__,
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["error_kind"] = record.exc_info[0].__name__  # the type only, never the message
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the service's loggers (once per process)."""
    logger = logging.getLogger(LOGGER)
    if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    # uvicorn's access log prints the full path and query string: names and dates of birth
    # in a search. Our own request log (route template only) replaces it.
    logging.getLogger("uvicorn.access").disabled = True
