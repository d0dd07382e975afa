// Suggested skills: one click adds a skill to the comma-separated field.
(function () {
  "use strict";
  const box = document.querySelector("[data-skill-target]");
  if (!box) return;
  const input = document.getElementById(box.dataset.skillTarget);
  if (!input) return;
  box.hidden = false;
  const current = () => input.value.split(",").map((s) => s.trim()).filter(Boolean);
  box.addEventListener("click", (event) => {
    const button = event.target.closest("[data-skill]");
    if (!button) return;
    const skills = current();
    const skill = button.dataset.skill;
    if (!skills.some((s) => s.toLowerCase() === skill.toLowerCase())) {
      skills.push(skill);
      input.value = skills.join(", ");
    }
    button.setAttribute("aria-pressed", "true");
    input.focus();
  });
})();
