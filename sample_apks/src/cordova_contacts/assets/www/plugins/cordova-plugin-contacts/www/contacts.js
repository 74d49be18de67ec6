cordova.define("cordova-plugin-contacts.contacts", function(require, exports, module) {
// Fixture shim (issue 18), written for this project: it exposes every API of the plugin whether or not the
// app uses it, so nothing in this file is an app call.
var exec = require('cordova/exec');
module.exports = {
  find: function (ok, fail, fields, options) { exec(ok, fail, "Contacts", "search", [fields, options]); },
  pickContact: function (ok, fail) { exec(ok, fail, "Contacts", "pickContact", []); }
};
});
