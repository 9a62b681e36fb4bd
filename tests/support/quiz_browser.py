"""The quiz in a browser: submitting goes through the in-page check (issue 21.2), never confirm()."""


def submit_paper(block, page=None):
    """Press the paper's submit button, then confirm in the in-page dialog; returns the dialog's text."""
    block.locator("form button[type=submit]").click()
    dialog = block.get_by_role("dialog")
    dialog.wait_for()
    text = dialog.inner_text()
    dialog.locator("[data-part='confirm-submit']").click()
    return text
