// Runs in the dashboard's page (read by accessibility.ts): the visible buttons, links and form
// controls with no accessible name (aria-label, aria-labelledby, a label, their text or title).
(() => {
    const nameOf = (element) => {
      const labelledBy = element.getAttribute('aria-labelledby');
      const byIds = labelledBy
        ?.split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const labels =
        element instanceof HTMLInputElement ||
        element instanceof HTMLSelectElement ||
        element instanceof HTMLTextAreaElement
          ? [...(element.labels ?? [])].map((label) => label.textContent ?? '').join(' ')
          : '';
      const own = element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? '' : element.textContent;
      return [element.getAttribute('aria-label'), byIds, labels, own, element.getAttribute('title')]
        .map((part) => (part ?? '').trim())
        .join(' ')
        .trim();
    };
    return [...document.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea')]
      .filter((element) => element.getClientRects().length > 0 && nameOf(element) === '')
      .map((element) => element.outerHTML.slice(0, 120));
})
