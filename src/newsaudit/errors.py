"""One exception tree for newsaudit, every error coded and actionable.

::

    NewsauditError                 base; ``code`` like "E001", ``exit_code`` for the CLI
    ├── InputError                 refused input (CLI exit 3)
    │   ├── EmptyInputError        E001
    │   ├── BinaryInputError       E002
    │   ├── InputTooLargeError     E003
    │   ├── NotEnglishError        E004
    │   ├── DecodeInputError       E005
    │   ├── NotAnArticleError      E006 cookie wall, index page, error page, empty extraction
    │   └── FetchError             E040 a URL could not be fetched (timeout, HTTP error, network)
    │       ├── BlockedAddressError    E041 loopback / private / link-local target
    │       ├── TooManyRedirectsError  E042
    │       └── UnsupportedContentError E043 not HTML or text
    ├── UsageError                 wrong arguments or settings (CLI exit 2)
    │   ├── SettingsError          E010
    │   ├── InputNotFoundError     E011
    │   ├── PipelineOrderError     E012
    │   └── LayerError             E013 a component declares a layer that is not an Article field
    ├── ModelError                 E020 a shipped model or spaCy pipeline is missing
    ├── ComponentError             E050 a component failed on this input (a bug: report it)
    ├── EvalDataError              E030 an evaluation data set is missing or malformed (exit 2)
    └── ServiceError               the web service refused a request (newsaudit serve)
        ├── BadRequestError        E060 malformed request: not JSON, no text/html/url/file, bad field
        ├── RateLimitedError       E061 too many requests from this client in the last minute
        ├── DeadlineError          E062 the audit ran past the service's deadline
        ├── SlowRequestError       E063 the request body arrived too slowly
        └── AuditNotFoundError     E064 no audit with this id in the store
"""

from __future__ import annotations


class NewsauditError(Exception):
    """Base of every error newsaudit raises on purpose."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(NewsauditError):
    """The input was refused: nothing to audit, or not something we can audit."""

    exit_code = 3


class EmptyInputError(InputError):
    code = "E001"


class BinaryInputError(InputError):
    code = "E002"


class InputTooLargeError(InputError):
    code = "E003"


class NotEnglishError(InputError):
    code = "E004"


class DecodeInputError(InputError):
    code = "E005"


class NotAnArticleError(InputError):
    code = "E006"


class FetchError(InputError):
    code = "E040"


class BlockedAddressError(FetchError):
    code = "E041"


class TooManyRedirectsError(FetchError):
    code = "E042"


class UnsupportedContentError(FetchError):
    code = "E043"


class UsageError(NewsauditError):
    """The caller asked for something that cannot work as asked."""

    exit_code = 2


class SettingsError(UsageError):
    code = "E010"


class InputNotFoundError(UsageError):
    code = "E011"


class PipelineOrderError(UsageError):
    code = "E012"


class LayerError(UsageError):
    code = "E013"


class ModelError(NewsauditError):
    code = "E020"


class ComponentError(NewsauditError):
    code = "E050"


class EvalDataError(NewsauditError):
    code = "E030"
    exit_code = 2


class ServiceError(NewsauditError):
    """The web service refused a request (``newsaudit serve``)."""

    exit_code = 2


class BadRequestError(ServiceError):
    code = "E060"


class RateLimitedError(ServiceError):
    code = "E061"


class DeadlineError(ServiceError):
    code = "E062"


class SlowRequestError(ServiceError):
    code = "E063"


class AuditNotFoundError(ServiceError):
    code = "E064"
