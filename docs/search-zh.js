/* The handbook's search in Chinese and English (lunr, loaded by MkDocs' search as lunr.zh.js;
   the one MkDocs ships needs jieba, which only Node has, and in a browser indexes nothing).

   Chinese is written without spaces, so a run of Chinese characters is indexed, and searched
   for, as its overlapping pairs of characters (a character alone as itself): 校验 then finds
   内容校验 and 校验失败 with no dictionary to keep, and a longer query finds the pages holding
   all of its pairs first. Words in other scripts go through lunr's English pipeline. */
(function () {
  var pieces = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|\w+/g;
  var han = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

  function split(token) {
    var found = [];
    (token.toString().match(pieces) || []).forEach(function (piece) {
      if (!han.test(piece) || piece.length === 1) {
        found.push(piece);
        return;
      }
      for (var i = 0; i + 1 < piece.length; i++) {
        found.push(piece.slice(i, i + 2));
      }
    });
    return found.map(function (piece) {
      return token.clone(function () { return piece; });
    });
  }

  lunr.Pipeline.registerFunction(split, "split-zh");
  lunr.zh = function () {
    this.pipeline.reset();
    this.pipeline.add(split, lunr.stopWordFilter, lunr.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(split, lunr.stemmer);
  };
})();
