// Strings: every label of the window in English and Korean, side by side in one table, so that a
// label cannot exist in one language only. tr() gives the current language's text; a format
// string keeps its printf placeholders in both. The Korean font atlas is built from these texts
// (only the glyphs they use), so a new Korean label needs nothing else.
#pragma once

#include <string_view>
#include <vector>

namespace scaleout::gui {

enum class Language { kEnglish, kKorean };

// X(id, English, Korean)
#define SCALEOUT_GUI_STRINGS(X)                                                                  \
  X(kAppTitle, "Scaleout Sandbox", "스케일아웃 샌드박스")                                        \
  X(kLive, "LIVE", "실시간")                                                                     \
  X(kReplay, "REPLAY", "재생")                                                                   \
  X(kRedis, "Redis", "Redis")                                                                    \
  X(kLoadBalancer, "load balancer", "로드 밸런서")                                               \
  X(kUp, "up", "동작 중")                                                                        \
  X(kDown, "DOWN", "중지됨")                                                                     \
  X(kPaused, "PAUSED", "일시 정지")                                                              \
  X(kUnreachable, "unreachable", "연결 안 됨")                                                   \
  X(kRedisLinkDown, "Redis link down", "Redis 연결 끊김")                                        \
  X(kAdapterRedis, "redis adapter", "Redis 어댑터")                                              \
  X(kAdapterSharded, "sharded adapter", "샤딩 어댑터")                                           \
  X(kAdapterMemory, "memory adapter", "메모리 어댑터")                                           \
  X(kNoRedis, "no Redis: every server is on its own", "Redis 없음: 서버마다 따로 동작")          \
  X(kClients, "clients", "클라이언트")                                                           \
  X(kChannels, "channels", "채널")                                                               \
  X(kMoreChannels, "+%d more", "외 %d개")                                                        \
  X(kLost, "lost", "유실")                                                                       \
  X(kDelivered, "delivered", "전달됨")                                                           \
  X(kPerSecond, "%.0f/s", "초당 %.0f")                                                           \
  X(kSlowMotion, "slow motion: each hop shown for at least %d ms (about %sx slower than real)",  \
    "느린 화면: 각 구간을 최소 %d ms 동안 표시 (실제보다 약 %s배 느림)")                         \
  X(kHopTimeOnly, "each hop shown for at least %d ms", "각 구간을 최소 %d ms 동안 표시")         \
  X(kAggregating, "busy: dots show a sample of messages, line widths show them all",             \
    "많은 메시지: 점은 일부 메시지, 선 굵기는 전체를 나타냄")                                    \
  X(kLossLegend, "X = a member who was owed the message and did not get it",                     \
    "X = 받아야 할 메시지를 받지 못한 멤버")                                                     \
  X(kServers, "Servers", "서버")                                                                 \
  X(kRooms, "Rooms", "방")                                                                       \
  X(kChannelsPanel, "Channels", "채널")                                                          \
  X(kClientsPanel, "Clients", "클라이언트")                                                      \
  X(kRedisPanel, "Redis", "Redis")                                                               \
  X(kEventLog, "Event log", "이벤트 기록")                                                       \
  X(kMetrics, "Metrics", "지표")                                                                 \
  X(kName, "Name", "이름")                                                                       \
  X(kPort, "Port", "포트")                                                                       \
  X(kAdapter, "Adapter", "어댑터")                                                               \
  X(kState, "State", "상태")                                                                     \
  X(kRedisLink, "Redis link", "Redis 연결")                                                      \
  X(kInPerSecond, "in/s", "수신/초")                                                             \
  X(kDeliveredPerSecond, "delivered/s", "전달/초")                                               \
  X(kLostTotal, "lost", "유실")                                                                  \
  X(kRoom, "Room", "방")                                                                         \
  X(kMembersPerServer, "members on each server", "서버별 멤버 수")                               \
  X(kChannel, "Channel", "채널")                                                                 \
  X(kSubscribers, "Subscribers", "구독 서버")                                                    \
  X(kMessagesPerSecond, "messages/s", "메시지/초")                                               \
  X(kFilter, "Filter", "필터")                                                                   \
  X(kSocket, "Socket", "소켓")                                                                   \
  X(kServer, "Server", "서버")                                                                   \
  X(kTransport, "Transport", "전송 방식")                                                        \
  X(kJoin, "Join", "입장")                                                                       \
  X(kLeave, "Leave", "퇴장")                                                                     \
  X(kSay, "Say", "말하기")                                                                       \
  X(kDisconnect, "Disconnect", "연결 끊기")                                                      \
  X(kText, "Text", "내용")                                                                       \
  X(kSelectClient, "Select a client in the list to act as it.",                                  \
    "목록에서 클라이언트를 선택하면 그 클라이언트로 행동할 수 있습니다.")                        \
  X(kOpsPerSecond, "operations/s", "초당 명령 수")                                               \
  X(kMemory, "memory", "메모리")                                                                 \
  X(kConnectedClients, "connections", "연결 수")                                                 \
  X(kPatterns, "patterns", "패턴")                                                               \
  X(kKeys, "keys", "키")                                                                         \
  X(kPublishRoundTrip, "PUBLISH round trip p50 / p99", "PUBLISH 왕복 시간 p50 / p99")            \
  X(kSlowLog, "SLOWLOG (slowest commands Redis ran)", "SLOWLOG (Redis가 느리게 실행한 명령)")    \
  X(kKill, "Kill", "강제 종료")                                                                  \
  X(kStop, "Stop", "정지")                                                                       \
  X(kRestart, "Restart", "재시작")                                                               \
  X(kRemove, "Remove", "제거")                                                                   \
  X(kPause5s, "Pause 5 s", "5초 일시 정지")                                                      \
  X(kResume, "Resume", "재개")                                                                   \
  X(kRedisNodes, "Nodes", "노드")                                                                \
  X(kRedisPrimary, "primary", "프라이머리")                                                      \
  X(kRedisReplicaOf, "replica of %s", "%s의 레플리카")                                           \
  X(kRedisBus, "cluster bus msg/s", "클러스터 버스 메시지/초")                                   \
  X(kRedisBusShort, "bus", "버스")                                                               \
  X(kFailOver, "Fail over", "페일오버")                                                          \
  X(kFailoversSeen, "Failovers seen", "관찰된 페일오버")                                         \
  X(kTookOver, "%s took over from %s", "%s가 %s 대신 프라이머리가 됨")                           \
  X(kUseMemoryAdapter, "Switch to the memory adapter", "메모리 어댑터로 전환")                   \
  X(kUseRedisAdapter, "Switch to the Redis adapter", "Redis 어댑터로 전환")                      \
  X(kPause, "Pause", "일시 정지")                                                                \
  X(kHeldBack, "%zu new events held back", "새 이벤트 %zu개 대기 중")                            \
  X(kTime, "Time", "시간")                                                                       \
  X(kEvent, "Event", "이벤트")                                                                   \
  X(kDeliveredRate, "delivered/s", "전달/초")                                                    \
  X(kLostRate, "lost/s", "유실/초")                                                              \
  X(kPublishesRate, "publishes/s", "발행/초")                                                    \
  X(kLatency, "delivery latency p50 / p99 (ms)", "전달 지연 p50 / p99 (ms)")                     \
  X(kRedisOps, "Redis operations/s", "Redis 명령/초")                                            \
  X(kLastFiveMinutes, "last 5 minutes", "최근 5분")                                              \
  X(kAllServers, "all servers", "전체 서버")                                                     \
  X(kAddServer, "+ Server", "+ 서버")                                                            \
  X(kAddClients, "+ Clients", "+ 클라이언트")                                                    \
  X(kBotRate, "bots: messages/s", "봇 메시지/초")                                                \
  X(kPolicy, "balancing", "분산 방식")                                                           \
  X(kCommand, "command", "명령")                                                                 \
  X(kRun, "Run", "실행")                                                                         \
  X(kHopTime, "hop time (ms)", "구간 표시 시간 (ms)")                                            \
  X(kDark, "Dark", "어둡게")                                                                     \
  X(kLight, "Light", "밝게")                                                                     \
  X(kFellBehind, "the window fell behind: %llu events not shown",                                \
    "화면이 따라가지 못함: 이벤트 %llu개 표시 안 됨")                                            \
  X(kLossesByReason, "lost, by reason", "유실 원인별")                                           \
  X(kNoLoss, "no message lost", "유실된 메시지 없음")                                            \
  X(kServerMenu, "Server %s", "서버 %s")                                                         \
  X(kNoSelection, "nothing selected", "선택 없음")                                               \
  X(kCount, "how many", "개수")                                                                  \
  X(kIntoRoom, "room", "방")                                                                     \
  X(kWorldCommandHelp, "Type a command, e.g. kill s2, say c1 lobby hi, pause-redis 3s",          \
    "명령 입력 예: kill s2, say c1 lobby hi, pause-redis 3s")                                    \
  X(kReplayControls, "recording: %s, %.1f s of %.1f s", "녹화: %s, %.1f초 / %.1f초")             \
  X(kReadOnly, "recording: controls are off", "녹화 재생 중: 조작할 수 없음")                    \
  X(kBalancerRequests, "requests", "요청")                                                       \
  X(kHeard, "heard", "받은 메시지")                                                              \
  X(kOtherLanguage, "한국어", "English")                                                         \
  X(kFollowLive, "Live", "실시간 따라가기")                                                      \
  X(kPlay, "Play", "재생")                                                                       \
  X(kMoment, "shown:", "표시 시점:")                                                             \
  X(kSelectionSummary, "selection %.3f s: %llu events, %llu lost",                               \
    "선택 %.3f초: 이벤트 %llu개, 유실 %llu개")                                                   \
  X(kZoomToSelection, "zoom to it", "확대")                                                      \
  X(kSaveTrace, "Save trace", "추적 저장")                                                       \
  X(kSavePng, "Save PNG", "PNG 저장")                                                            \
  X(kCommandsLane, "commands", "명령")                                                           \
  X(kMessagePanel, "Message", "메시지")                                                          \
  X(kNoMessage, "Click a moving dot, an event in the log or on the timeline, or type a mid.",    \
    "움직이는 점, 기록이나 타임라인의 이벤트를 클릭하거나 mid를 입력하세요.")                    \
  X(kMessageNotFound, "no event with mid %s is kept", "mid %s인 이벤트가 없습니다")              \
  X(kMessageSummary, "%s in %s: %zu delivered, %zu lost, %.3f ms end to end",                    \
    "%s (%s 방): 전달 %zu, 유실 %zu, 전체 %.3f ms")                                              \
  X(kRealTime, "real time", "실제 시간")                                                         \
  X(kLogicalOrder, "logical order", "논리적 순서")                                               \
  X(kInstantReplay, "Instant replay", "다시 보기")                                               \
  X(kHideServer, "hide %s", "%s 숨기기")                                                         \
  X(kEmitAsServer, "Emit as a server", "서버로서 보내기")                                        \
  X(kEmit, "Emit", "보내기")                                                                     \
  X(kEmitTo, "to (room, socket or *)", "대상 (방, 소켓 또는 *)")                                 \
  X(kEventName, "event", "이벤트")                                                               \
  X(kClassroomPanel, "Classroom", "수업")                                                        \
  X(kJoinAt, "Join the chat: open this address or scan the code",                                \
    "채팅 참여: 이 주소를 열거나 코드를 스캔하세요")                                             \
  X(kStudents, "%zu students connected", "학생 %zu명 접속")                                      \
  X(kSaved, "saved %s", "%s 저장함")                                                             \
  X(kObserving, "observing (read-only): servers appear as they publish",                         \
    "관찰 중 (읽기 전용): 발행하는 서버가 나타남")                                               \
  X(kLinkPartition, "partition", "분할")                                                         \
  X(kLinkDown, "down", "끊김")                                                                   \
  X(kLinkMenu, "Link %s", "링크 %s")                                                             \
  X(kLinkNow, "now: %s", "현재: %s")                                                             \
  X(kLinkNoFault, "no fault", "장애 없음")                                                       \
  X(kLinkRightClick, "right-click to set a fault", "오른쪽 클릭: 장애 설정")                     \
  X(kLinkMenuPartition, "Partition", "분할")                                                     \
  X(kLinkMenuDown, "Down", "끊기")                                                               \
  X(kLinkMenuSlowMotion, "Latency 300 ms (slow motion)", "지연 300 ms (느린 화면)")              \
  X(kLinkMenuJitter, "Latency 100 ms ± 30 ms", "지연 100 ms ± 30 ms")                            \
  X(kLinkMenuBandwidth, "Bandwidth 100 KB/s", "대역폭 100 KB/s")                                 \
  X(kLinkMenuClear, "Clear all faults", "모든 장애 해제")                                        \
  X(kNoLinks, "this world runs without links (--no-links)",                                      \
    "이 세계에는 링크가 없음 (--no-links)")                                                      \
  X(kLessonPanel, "Lesson", "수업 진행")                                                         \
  X(kLessons, "Lessons", "수업 목록")                                                            \
  X(kOpenLesson, "Open this lesson", "이 수업 열기")                                             \
  X(kContinue, "Continue  >", "계속  >")                                                         \
  X(kBack, "<  Back", "<  이전")                                                                 \
  X(kRestartLesson, "Restart the lesson", "처음부터")                                            \
  X(kLessonSpeed, "pace", "속도")                                                                \
  X(kLessonKeys, "keys: Right/PgDn continue, Left/PgUp back, Space play/pause",                  \
    "키: 오른쪽/PgDn 계속, 왼쪽/PgUp 이전, Space 재생/정지")                                     \
  X(kBuildingWorld, "building the lesson's world...", "수업의 세계를 만드는 중...")              \
  X(kLessonFinished, "the lesson is over: every step done", "수업 끝: 모든 단계 완료")           \
  X(kLessonFailed, "the lesson's world could not start: %s", "수업의 세계를 시작할 수 없음: %s") \
  X(kNextStepIn, "next step in %.0f s", "다음 단계까지 %.0f초")                                  \
  X(kPressContinue, "press Continue for the next step", "다음 단계: 계속을 누르세요")            \
  X(kChecks, "Checks: %d passed, %d failed, %d checking", "확인: 통과 %d, 실패 %d, 확인 중 %d")  \
  X(kQuestionAsking,                                                                             \
    "the class answers the question: Continue closes the vote and plays the step",               \
    "학생들이 질문에 답하는 중: 계속을 누르면 투표를 마치고 단계가 진행됩니다")                  \
  X(kQuestionAnswered, "the answer is on show: Continue for the next step",                      \
    "정답 공개 중: 계속을 누르면 다음 단계로 갑니다")                                            \
  X(kQuestionHeader, "Question before step %d: predict, then watch",                             \
    "%d단계 전 질문: 먼저 예측하고, 지켜보세요")                                                 \
  X(kQuestionVotes, "%d votes", "투표 %d개")                                                     \
  X(kQuestionNoClassroom, "ask the class (with --classroom, students answer from their phones)", \
    "학생들에게 물어보세요 (--classroom이면 학생들이 휴대폰으로 답합니다)")                      \
  X(kQuestionWhatHappened,                                                                       \
    "what happened, next to what the class predicted:", "학생들의 예측과 실제로 일어난 일:")     \
  X(kQuestionLatest, "latest: %s", "최근: %s")                                                   \
  X(kQuestionSplit, "%d votes cast, but each server counted only those that reached it: %s",     \
    "투표 %d개 중 서버마다 자기에게 도착한 투표만 셌습니다: %s")                                 \
  X(kCheckPassed, "passed", "통과")                                                              \
  X(kCheckFailed, "failed", "실패")                                                              \
  X(kCheckChecking, "checking", "확인 중")                                                       \
  X(kStepProgress, "step %d/%d", "%d/%d단계")                                                    \
  X(kStepColumn, "step", "단계")                                                                 \
  X(kPublishColumn, "publish", "발행")                                                           \
  X(kOpsPerSecondColumn, "ops/s", "연산/초")                                                     \
  X(kHopLost, "X lost", "X 유실")                                                                \
  X(kExpected, "expected", "기대")                                                               \
  X(kMeasured, "measured", "측정")                                                               \
  X(kStepsTitle, "Steps", "단계")                                                                \
  X(kComparePanel, "Compare", "비교")                                                            \
  X(kCompareFillsIn, "The table fills in as the compared steps run.",                            \
    "비교하는 단계가 진행되면 표가 채워집니다.")                                                 \
  X(kAllMeasured, "every figure measured on this run", "모든 수치는 이번 실행에서 측정한 값")    \
  X(kSomeModelled, "figures marked (model) come from the capacity model; the rest are measured", \
    "(모형) 표시 수치는 용량 모형에서 나온 값이고 나머지는 측정값")                              \
  X(kModel, "model", "모형")                                                                     \
  X(kCompareRunning, "%s (running)", "%s (진행 중)")                                             \
  X(kCompareLatencyPlot, "p99 latency (ms), each from its own start",                            \
    "p99 지연(ms), 각 실행의 시작부터")                                                          \
  X(kCompareRatePlot, "deliveries per second, each from its start",                              \
    "초당 전달, 각 실행의 시작부터")                                                             \
  X(kSecondsUnit, "s", "초")                                                                     \
  X(kStoresPanel, "Stores", "저장소")                                                            \
  X(kStoreRunning, "%s, %d threads: %.1f of %.1f s, %llu operations, %d waiting now",            \
    "%s, 스레드 %d개: %.1f / %.1f초, 연산 %llu회, 지금 %d개 대기 중")                            \
  X(kStoreThread, "thread", "스레드")                                                            \
  X(kStoreLoop, "event loop", "이벤트 루프")                                                     \
  X(kStoreWorking, "working", "작업 중")                                                         \
  X(kStoreWaiting, "waiting on the lock", "락 대기 중")                                          \
  X(kStoreWaitingLoop, "waiting for the loop", "루프 대기 중")                                   \
  X(kStoreIdle, "idle", "유휴")                                                                  \
  X(kStoreWaitedShare, "waited %.0f%% of the time", "시간의 %.0f%% 대기")                        \
  X(kStoreRuns, "Runs (measured on this machine)", "실행 결과 (이 컴퓨터에서 측정)")             \
  X(kStoreName, "store", "저장소")                                                               \
  X(kStoreThreads, "threads", "스레드")                                                          \
  X(kStoreWaitingColumn, "waiting", "대기")                                                      \
  X(kStoreContendedColumn, "lock taken", "락 충돌")                                              \
  X(kStoreNone, "no store benchmark yet: try  store-bench global-lock threads 1,2,4,8",          \
    "아직 저장소 벤치마크 없음:  store-bench global-lock threads 1,2,4,8  를 실행해 보세요")     \
  X(kMemcachedProcess, "memcached pid %d, port %u, -t %d", "memcached pid %d, 포트 %u, -t %d")   \
  X(kCapacityModel, "size, busy (model)", "크기, 사용률 (모델)")                                 \
  X(kAutoscalerPanel, "Autoscaler", "오토스케일러")                                              \
  X(kAutoscalerOff, "The autoscaler is off: autoscale on target 10 min 2 max 5",                 \
    "오토스케일러가 꺼져 있습니다: autoscale on target 10 min 2 max 5")                          \
  X(kAsPolicy, "Policy (Kubernetes HPA)", "정책 (Kubernetes HPA)")                               \
  X(kAsMetricLabel, "metric", "지표")                                                            \
  X(kAsTarget, "target", "목표")                                                                 \
  X(kAsTolerance, "tolerance", "허용 오차")                                                      \
  X(kAsMinMax, "servers min / max", "서버 최소 / 최대")                                          \
  X(kAsScaleUpLimit, "scale-up per period", "주기당 증가 한도")                                  \
  X(kAsScaleUpLimitValue, "+100 % or +4, whichever is more", "+100 % 또는 +4 중 큰 값")          \
  X(kAsLoopPeriod, "loop", "주기")                                                               \
  X(kAsDownWindow, "scale-down window", "축소 윈도")                                             \
  X(kAsShortened, "(Kubernetes: %s; shortened for the classroom)",                               \
    "(Kubernetes: %s, 수업을 위해 줄임)")                                                        \
  X(kAsNow, "now", "지금")                                                                       \
  X(kAsDesired, "desired", "목표 대수")                                                          \
  X(kAsCurrentServers, "servers", "서버")                                                        \
  X(kAsWindowRecommendations, "recommendations in the window", "윈도 안의 권고")                 \
  X(kAsLastDecisions, "last decisions", "최근 결정")                                             \
  X(kAsDraining, "draining", "드레인 중")                                                        \
  X(kAsDrainingDetail, "%s: %zu clients left, %zu moved", "%s: 남은 클라이언트 %zu, 옮긴 %zu")   \
  X(kAsNotReady, "not ready", "준비 안 됨")                                                      \
  X(kAsLoadPlot, "load (messages/s received)", "부하 (받은 메시지/초)")                          \
  X(kAsServersPlot, "servers", "서버 수")                                                        \
  X(kAutoscaleOn, "Autoscale on", "오토스케일 켜기")                                             \
  X(kAutoscaleOff, "Autoscale off", "오토스케일 끄기")

enum class T {
#define SCALEOUT_GUI_STRING_ID(id, en, ko) id,
  SCALEOUT_GUI_STRINGS(SCALEOUT_GUI_STRING_ID)
#undef SCALEOUT_GUI_STRING_ID
};

void set_language(Language language);
Language language();
// The text of `id` in the current language (a NUL-terminated literal).
const char* tr(T id);
// Every text in both languages, for building the font's glyph ranges.
std::vector<std::string_view> all_texts();

}  // namespace scaleout::gui
