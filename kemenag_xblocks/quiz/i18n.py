"""The quiz's texts in the user's language through the runtime's ``i18n`` service.

The LMS's service applies the learner's (or author's) language selection, as the platform's own
blocks use it; the workbench's is Django's translation. Everything the quiz says goes through
``self.gettext``: handler refusals (``errors``), the scripts' strings (``browser_strings``),
field labels and Studio validation.
"""

from xblock.core import XBlock, XBlockMixin


@XBlock.needs("i18n")
class QuizI18nMixin(XBlockMixin):
    def gettext(self, text):
        return self.runtime.service(self, "i18n").gettext(text)
