// CloudFront viewer-request function (cloudfront-js-2.0) on the SPA bucket's behaviour:
// a path whose last segment has no file extension is a page of the single-page app, so it
// is answered with /index.html (status 200) and the app's router takes it from there.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
