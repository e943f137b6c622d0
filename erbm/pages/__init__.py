"""The cited page as the user sees it: the quote located on the page, the page as an image."""
