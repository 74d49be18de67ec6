cordova.define("cordova-plugin-device.device", function(require, exports, module) {
// Fixture shim (issue 18): installed but unused by the app.
var exec = require('cordova/exec');
function Device() { var me = this; exec(function (info) { me.uuid = info.uuid; me.serial = info.serial; }, null, "Device", "getDeviceInfo", []); }
module.exports = new Device();
});
