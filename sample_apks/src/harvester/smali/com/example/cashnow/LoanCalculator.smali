.class public final Lcom/example/cashnow/LoanCalculator;
.super Ljava/lang/Object;
.source "LoanCalculator.java"

# Pure date / money arithmetic. java.util.Calendar here is NOT calendar data
# (no CalendarContract, no READ_CALENDAR use).


# direct methods
.method private constructor <init>()V
    .registers 1

    invoke-direct {p0}, Ljava/lang/Object;-><init>()V

    return-void
.end method

# due date = today + termDays
.method public static dueDateMillis(I)J
    .registers 3
    # locals v0, v1 ; p0 = termDays

    invoke-static {}, Ljava/util/Calendar;->getInstance()Ljava/util/Calendar;
    move-result-object v0
    const/4 v1, 0x6
    invoke-virtual {v0, v1, p0}, Ljava/util/Calendar;->add(II)V
    invoke-virtual {v0}, Ljava/util/Calendar;->getTimeInMillis()J
    move-result-wide v0

    return-wide v0
.end method

# repay = principal + principal*days*0.3% + principal/5 ("service fee"), in cents
.method public static totalRepayment(JI)J
    .registers 7
    # locals v0..v3 ; p0,p1 = principal (long) ; p2 = days

    int-to-long v0, p2
    mul-long/2addr v0, p0
    const-wide/16 v2, 0x3
    mul-long/2addr v0, v2
    const-wide/16 v2, 0x3e8
    div-long/2addr v0, v2
    add-long/2addr v0, p0
    const-wide/16 v2, 0x5
    div-long v2, p0, v2
    add-long/2addr v0, v2

    return-wide v0
.end method
