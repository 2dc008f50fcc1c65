/* reportsite — the large-text mode (大字 / Large text).
   The button in the header is hidden until this script runs, so a page without JavaScript
   shows no dead control. The choice is kept in localStorage and applies on every page. */
(function () {
  "use strict";

  var KEY = "reportsite.largeText";
  var CLASS = "large-text";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false; // storage blocked (privacy mode, some file:// setups): default size
    }
  }

  function store(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, "1");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      // the mode still works on this page
    }
  }

  function apply(on, buttons) {
    root.classList.toggle(CLASS, on);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // Apply the stored choice at once (the script is deferred: the page is parsed, not painted
  // with the final layout yet in most cases).
  root.classList.toggle(CLASS, stored());

  function init() {
    var buttons = Array.prototype.slice.call(document.querySelectorAll("button.text-size"));
    apply(stored(), buttons);
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains(CLASS);
        apply(on, buttons);
        store(on);
      });
    });
  }

  // Another tab changed the choice: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      apply(stored(), Array.prototype.slice.call(document.querySelectorAll("button.text-size")));
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
