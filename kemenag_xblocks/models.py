"""Models of the plugin app. Each area keeps its models beside its code; Django finds them here."""

from kemenag_xblocks.assignment.models import AssignmentFile, AssignmentSubmission  # noqa: F401
from kemenag_xblocks.common.models import AuditEntry, UploadSession  # noqa: F401
from kemenag_xblocks.common.report_models import ReportRun  # noqa: F401
from kemenag_xblocks.competency.models import (  # noqa: F401
    CohortMember,
    CourseCompetency,
    HrOfficer,
    JpYearTotal,
    LearnerProfile,
    LedgerEntry,
    OfficerExport,
    TrainingKind,
    Transcript,
    WorkUnit,
    WorkUnitMembership,
)
from kemenag_xblocks.quiz.models import (  # noqa: F401
    QuizAttempt,
    QuizBandCount,
    QuizCounter,
    QuizDimensionScore,
    QuizItemScore,
)
from kemenag_xblocks.resources.models import (  # noqa: F401
    Bookmark,
    HarvestRun,
    ReadingActivity,
    ResourceRecord,
    ResourceSource,
)
