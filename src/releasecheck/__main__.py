from releasecheck.launch import main

main()
