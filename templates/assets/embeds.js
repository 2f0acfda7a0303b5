/* Video cards: the provider's player is loaded only when the reader asks for it.
 *
 * The build turns a YouTube or Facebook <iframe> into a card (title, provider, link) that
 * fetches nothing, so pages stay quick and private offline and from file://. This script
 * adds a play button to each card; a click puts the provider's player in its place. The
 * player's address is made here from the provider and the video id, checked against the
 * two known forms, so a card written by hand cannot load anything else.
 */
(function () {
  "use strict";

  var PLAYERS = {
    youtube: function (id) {
      return /^[A-Za-z0-9_-]{6,20}$/.test(id)
        ? "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1" : null;
    },
    facebook: function (url) {
      return /^https:\/\/(www\.|web\.|m\.)?facebook\.com\//.test(url)
        ? "https://www.facebook.com/plugins/video.php?autoplay=1&href=" + encodeURIComponent(url)
        : null;
    }
  };

  /** Replace the card's content with the provider's player. */
  function play(card, src) {
    var title = card.querySelector(".embed-title");
    var frame = document.createElement("iframe");
    frame.className = "embed-player";
    frame.src = src;
    frame.title = title ? title.textContent : "Video";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    card.textContent = "";
    card.appendChild(frame);
    card.classList.add("embed-playing");
  }

  /** Give one card its play button, if its provider and id are of a known form. */
  function prepare(card) {
    var provider = card.getAttribute("data-embed");
    if (!Object.prototype.hasOwnProperty.call(PLAYERS, provider)) {
      return;
    }
    var src = PLAYERS[provider](card.getAttribute("data-embed-id") || "");
    if (!src) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "embed-play";
    button.textContent = card.getAttribute("data-embed-play") || "\u25B6";
    button.addEventListener("click", function () { play(card, src); });
    card.insertBefore(button, card.firstChild);
  }

  function init() {
    var cards = document.querySelectorAll(".embed[data-embed]");
    for (var i = 0; i < cards.length; i += 1) {
      prepare(cards[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
