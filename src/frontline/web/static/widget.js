/* Frontline web chat widget. Embed with one tag on any site:
 *   <script src="https://frontline.example/widget.js" data-queue="general"
 *           data-title="Chat with us" defer></script>
 * Optional: data-topics="billing:Billing,cards:Cards" lets the customer pick the queue. 
 * This file is a classic script (not a module) so that one plain tag works everywhere. It only
 * reads its options and loads the widget's ES modules from the same Frontline server; the
 * API base URL is derived from this script's own src. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__frontlineChat) return;
  window.__frontlineChat = true;

  var options = {
    base: new URL("/", script.src).toString().replace(/\/$/, ""),
    queue: script.getAttribute("data-queue") || "",
    title: script.getAttribute("data-title") || "Chat with us",
    topics: script.getAttribute("data-topics") || "",
  };

  function load() {
    import(options.base + "/static/widget/chat-widget.js")
      .then(function (widget) {
        widget.start(options);
      })
      .catch(function (error) {
        window.__frontlineChat = false;
        console.error("Frontline chat could not load:", error);
      });
  }

  if (document.body) load();
  else document.addEventListener("DOMContentLoaded", load);
})();
