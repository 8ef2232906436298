"""Limit/offset pagination of the API with bounds: an OFFSET or LIMIT beyond what the database
can bind (64 bits on PostgreSQL) was a 500; now it is a 422 like any invalid parameter."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination as NinjaLimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000


class LimitOffsetPagination(NinjaLimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
