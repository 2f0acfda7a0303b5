/* Reader controls: the A− / A / A+ text-size buttons, remembered across pages.
 *
 * Loaded in <head> without `defer` so the remembered size is applied before the first paint
 * (no jump). The size is a step from -2 to +4 stored in localStorage, which also works from
 * file:// pages; style.css maps each step to a root font size (html[data-text-size]).
 * Without JavaScript the buttons stay hidden and the page keeps its normal size.
 */
(function () {
  "use strict";

  var KEY = "campaign-news.text-size";
  var MIN = -2;
  var MAX = 4;
  var root = document.documentElement;
  var current = 0; // the step shown now

  /** The remembered step, or 0 when nothing (or nothing sensible) is stored. */
  function remembered() {
    var value;
    try {
      value = parseInt(window.localStorage.getItem(KEY), 10);
    } catch (error) {
      return 0; // storage can be switched off; the page still works at the normal size
    }
    return isNaN(value) ? 0 : Math.max(MIN, Math.min(MAX, value));
  }

  /** Remember a step; 0 clears the entry. */
  function remember(step) {
    try {
      if (step) {
        window.localStorage.setItem(KEY, String(step));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      /* not remembered, but still applied to this page */
    }
  }

  /** Show a step on the page. */
  function apply(step) {
    if (step) {
      root.setAttribute("data-text-size", String(step));
    } else {
      root.removeAttribute("data-text-size");
    }
  }

  /** Mark the buttons that cannot change the size any more; aria-disabled rather than
   *  disabled, so a button that reaches its limit keeps the keyboard focus. */
  function refresh(buttons) {
    buttons.forEach(function (button) {
      var delta = parseInt(button.getAttribute("data-text-step"), 10);
      var stuck = delta === 0 ? current === 0 : current + delta < MIN || current + delta > MAX;
      button.setAttribute("aria-disabled", stuck ? "true" : "false");
    });
  }

  /** Wire the buttons once the page is parsed, and show them. */
  function wire() {
    var box = document.querySelector("[data-reader-controls]");
    if (!box) {
      return;
    }
    var buttons = Array.prototype.slice.call(box.querySelectorAll("button[data-text-step]"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var delta = parseInt(button.getAttribute("data-text-step"), 10);
        current = delta === 0 ? 0 : Math.max(MIN, Math.min(MAX, current + delta));
        apply(current);
        remember(current);
        refresh(buttons);
      });
    });
    refresh(buttons);
    box.hidden = false;
  }

  current = remembered();
  apply(current);
  // Another tab or window changed the size: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      current = remembered();
      apply(current);
      var box = document.querySelector("[data-reader-controls]");
      if (box) {
        refresh(Array.prototype.slice.call(box.querySelectorAll("button[data-text-step]")));
      }
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
}());
