// The header's "Menu" button on a phone (templates/base.html): a disclosure (WAI-ARIA APG) that
// shows or hides the main menu and the account tools. Without this file the button stays hidden
// and everything stays shown; on a wide screen the CSS hides the button and shows everything.
(function () {
  "use strict";

  const header = document.querySelector("[data-site-header]");
  const button = header ? header.querySelector("[data-menu-toggle]") : null;
  if (!button) return;

  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  // Only where the button shows (a phone) does the menu fold; a wide screen ignores Escape.
  const inUse = () => button.getClientRects().length > 0;

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    header.dataset.menu = open ? "open" : "closed";
  }

  setOpen(false);
  button.hidden = false;

  button.addEventListener("click", () => setOpen(!isOpen()));

  // Escape closes the menu from anywhere in it (or on the button) and gives focus back to the
  // button, so that a keyboard user is not left on a link that just disappeared.
  header.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !isOpen() || !inUse()) return;
    const account = header.querySelector(".account-menu[open]");
    if (account && account.contains(event.target)) {
      account.open = false; // the account sub-menu closes first
      account.querySelector("summary").focus();
      return;
    }
    setOpen(false);
    button.focus();
  });
})();
