phi-auditd detached signature 1
file: sample-patient-access-report.pdf
sha256: d0044fcd488413affa50ab5314aff3837865bac860a2c15379d571c92346e51b
size: 187457
chain-link: 20
chain-hash: 436c89c40d38cd08d61625ed2b1ee325adddc85bdf3e30b94a938b9c51632e0c
signed-at: 2026-12-02T01:32:49.516711Z
key: 17ca4000f1f50f04a25783c9a4e3e004e9dc8f7bc4cc096c17aa1dfbeefa5bd9
signature: ubQepsfBDQ252mC18CxJ4nRmj0Mh8s1qGYX8qmn60Th4pvTCX+x0wx74p9ZPNBjHoyWgVkPnwUCOS+R/HnR0Bw==
