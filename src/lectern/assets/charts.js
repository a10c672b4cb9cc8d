/* lectern: the charts' links (timeline, term use, parallels matrix) are SVG links. Material's instant
   navigation reads a clicked link's `href` as a string, which an SVG link's is not (an object): its
   handler would throw and instant navigation would stop for the rest of the visit. So a click on a
   chart's link is kept from it, in the capture phase, and the browser follows the link as an
   ordinary one. (The links are written with xlink:href, which Material's rewriting of `[href]`
   attributes after an instant navigation does not select.) */
(() => {
  "use strict";
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("svg a")) event.stopPropagation();
  }, true);
})();
