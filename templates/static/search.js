/* reportsite — the search page (搜索 / Search).
   Queries the Pagefind index that `python build.py` writes to pagefind/ at the site root, in
   the language of the page (its shards in pagefind/<lang>/, the form names which). Results are
   built with DOM calls only, so the page keeps a Content-Security-Policy without inline script
   or style; Pagefind's WebAssembly is what needs 'wasm-unsafe-eval' there.
   The form stays hidden until this script runs: without JavaScript the page shows a link to
   the archive instead. Pagefind is loaded on the first search, not with the page. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var SECTIONS = 3;
  var DELAY_MS = 250;

  var form = document.querySelector("form.search-form");
  if (!form) {
    return;
  }
  var fallback = document.querySelector(".search-fallback");
  var fallbackText = document.querySelector(".search-fallback-text");
  var input = form.querySelector("input[type=search]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var more = document.querySelector(".search-more");

  if (window.location.protocol === "file:") {
    // Browsers refuse to load modules and WebAssembly from files: say so, keep the archive link.
    fallbackText.textContent = fallbackText.getAttribute("data-from-file");
    return;
  }

  // The page knows where the site root is relative to itself (data-home is the home page's
  // relative link), so search works under any sub-path such as /xxgk/gzbg/.
  var home = new URL(form.getAttribute("data-home"), window.location.href);
  var root = new URL(".", home);
  var loading = null;
  var current = 0;
  var results = [];
  var words = [];
  var shown = 0;
  var timer = 0;

  function message(name, count) {
    return form.getAttribute("data-" + name).replace("%s", String(count));
  }

  // The index comes in shards (pagefind/shards.json lists them, newest year first), each
  // language's in pagefind/<lang>/: the first is loaded, the others merged into it, and every
  // search then runs over all of them. They are merged all at once, their files fetched side
  // by side rather than one shard after another (Pagefind adds each in the order it is asked
  // for, so results keep their order).
  function pagefind() {
    if (loading === null) {
      var index = new URL("pagefind/", root);
      var bundles = new URL(form.getAttribute("data-index-lang") + "/", index);
      var options = { baseUrl: root.pathname };
      loading = fetch(new URL("shards.json", index).href)
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.statusText);
          }
          return response.json();
        })
        .then(function (shards) {
          return import(new URL(shards[0] + "/pagefind.js", bundles).href).then(function (api) {
            return api
              .options(options)
              .then(function () {
                return Promise.all(
                  shards.slice(1).map(function (shard) {
                    return api.mergeIndex(new URL(shard + "/", bundles).href, options);
                  })
                );
              })
              .then(function () {
                return api;
              });
          });
        });
      loading.catch(function () {
        loading = null; // a network hiccup: the next search tries again
      });
    }
    return loading;
  }

  var CJK = /[\u3400-\u9fff]/;
  var CONTEXT = 40;

  // Pagefind's excerpt is HTML with <mark> around the words found: its text and marks, as
  // [text, marked] pairs, so that nothing else in it can ever become markup on this page.
  function marked(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    return Array.prototype.map.call(parsed.childNodes, function (node) {
      return [(node.textContent || "").replace(/\u200b/g, ""), node.nodeName === "MARK"];
    });
  }

  // A Chinese query is matched word by word, so Pagefind's excerpt may show the words apart.
  // Where the page holds a query word as typed, the excerpt is cut around it instead.
  function literal(content, words) {
    var text = content.replace(/\u200b/g, "");
    var found = words.filter(function (word) {
      return CJK.test(word) && text.indexOf(word) !== -1;
    });
    if (!found.length) {
      return null;
    }
    var at = text.indexOf(found[0]);
    var start = Math.max(0, at - CONTEXT);
    var end = Math.min(text.length, at + found[0].length + 2 * CONTEXT);
    var pieces = [[start ? "…" : "", false]];
    var position = start;
    while (position < end) {
      var next = end;
      var word = "";
      found.forEach(function (candidate) {
        var index = text.indexOf(candidate, position);
        if (index !== -1 && index < next) {
          next = index;
          word = candidate;
        }
      });
      pieces.push([text.slice(position, Math.min(next, end)), false]);
      if (word && next < end) {
        pieces.push([word, true]);
        position = next + word.length;
      } else {
        position = end;
      }
    }
    pieces.push([end < text.length ? "…" : "", false]);
    return pieces;
  }

  function excerpt(pieces) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    pieces.forEach(function (piece) {
      if (piece[1]) {
        var mark = document.createElement("mark");
        mark.textContent = piece[0];
        paragraph.appendChild(mark);
      } else if (piece[0]) {
        paragraph.appendChild(document.createTextNode(piece[0]));
      }
    });
    return paragraph;
  }

  function link(url, text) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = text;
    return anchor;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.appendChild(link(data.url, data.meta.title || data.url));
    li.appendChild(heading);
    if (data.meta.date) {
      var date = document.createElement("p");
      date.className = "search-date";
      date.textContent = form.getAttribute("data-published") + data.meta.date;
      li.appendChild(date);
    }
    li.appendChild(excerpt(literal(data.content, words) || marked(data.excerpt)));
    // Sections whose excerpt holds every query word as typed: where to jump in a long report.
    var sections = (data.sub_results || [])
      .filter(function (sub) {
        var text = marked(sub.excerpt)
          .map(function (piece) {
            return piece[0];
          })
          .join("")
          .toLowerCase();
        return (
          sub.url.indexOf("#") !== -1 &&
          words.every(function (word) {
            return text.indexOf(word) !== -1;
          })
        );
      })
      .slice(0, SECTIONS);
    if (sections.length) {
      var nested = document.createElement("ul");
      nested.className = "search-sections";
      nested.setAttribute("aria-label", form.getAttribute("data-sections"));
      sections.forEach(function (sub) {
        var entry = document.createElement("li");
        entry.appendChild(link(sub.url, sub.title));
        nested.appendChild(entry);
      });
      li.appendChild(nested);
    }
    return li;
  }

  function showMore(token) {
    var page = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(
      page.map(function (result) {
        return result.data();
      })
    ).then(function (found) {
      if (token !== current) {
        return;
      }
      found.forEach(function (data) {
        list.appendChild(item(data));
      });
      shown += found.length;
      more.hidden = shown >= results.length;
    });
  }

  // Pagefind matches every word of a query anywhere on a page, and splits a Chinese query into
  // words with the browser's dictionary, which can differ from the one that built the index.
  // Pages holding the query as written (an exact search) are therefore listed first, then the
  // rest of the matches in Pagefind's order.
  function find(api, term) {
    var phrase = /^".*"$/.test(term) || !/\s|[\u3400-\u9fff]{2}/.test(term) ? null : term;
    return Promise.all([
      phrase ? api.search('"' + phrase + '"') : { results: [] },
      api.search(term),
    ]).then(function (found) {
      var seen = {};
      return found[0].results.concat(found[1].results).filter(function (result) {
        var first = !seen[result.id];
        seen[result.id] = true;
        return first;
      });
    });
  }

  function search(query) {
    var token = ++current;
    var term = query.trim();
    words = term.toLowerCase().replace(/"/g, "").split(/\s+/);
    var url = new URL(window.location.href);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url.href);
    list.replaceChildren();
    more.hidden = true;
    results = [];
    shown = 0;
    if (!term) {
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = message("searching");
    return pagefind()
      .then(function (api) {
        return find(api, term);
      })
      .then(function (found) {
        if (token !== current) {
          return undefined;
        }
        results = found;
        return showMore(token).then(function () {
          if (token !== current) {
            return;
          }
          var count = results.length;
          status.textContent =
            count === 0 ? message("none") : count === 1 ? message("one") : message("many", count);
        });
      })
      .catch(function () {
        if (token === current) {
          status.textContent = message("unavailable");
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      search(input.value);
    }, DELAY_MS);
  });
  more.addEventListener("click", function () {
    showMore(current);
  });

  form.hidden = false;
  fallback.hidden = true;
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
